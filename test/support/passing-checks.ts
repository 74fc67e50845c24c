// The configuration checks that pass against the emulator as shipped, both where the doctor runs them
// (test/doctor.test.ts) and where /diagnostics shows them (e2e/diagnostics.spec.ts).
export const PASSING_AS_SHIPPED = [
  "discovery",
  "issuer",
  "jwks",
  "backend-credential-1",
  "app-id-uri",
  "known-client",
  "web-redirect",
  "spa-redirect",
  "backend-app-id-uri",
] as const;
