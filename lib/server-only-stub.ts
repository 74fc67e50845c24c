// Tests and command-line scripts run lib code outside Next: "server-only" resolves here instead.
export {};
