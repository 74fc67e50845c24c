// The hybrid flow's server half: when Auth.js redeems the sign-in code, ask the token endpoint for a
// second, SPA-bound code as well (`return_spa_code=1`), which msal-browser later redeems for its own
// tokens. Pure (no store, no Next) so it can be tested alone.

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Wraps the provider's fetch so authorization_code redemptions carry `return_spa_code=1`. */
export function requestSpaCode(base: Fetch): Fetch {
  return (input, init) => {
    const body = init?.body;
    if (init?.method?.toUpperCase() === "POST" && (body instanceof URLSearchParams || typeof body === "string")) {
      const form = new URLSearchParams(body);
      if (form.get("grant_type") === "authorization_code") {
        form.set("return_spa_code", "1");
        return base(input, { ...init, body: form });
      }
    }
    return base(input, init);
  };
}
