// The registration settings that shape the tokens this app reads, as doctor findings: which access token
// version the backend issues (both work: lib/bearer/validate.ts accepts v1 and v2), and the optional claims the
// app uses where a tenant configured them (it works without them, less smoothly). Pure: unit-testable.
import type { AppConfig } from "../config";
import type { Finding, Registration } from "./types";

const asks = (reg: Registration, kind: "idToken" | "accessToken", name: string) =>
  (reg.optionalClaims?.[kind] ?? []).some((c) => c.name === name);

/** An optional claim the app reads where the tenant configured it: ok, or a warning with where to add it. */
function optionalClaim(
  reg: Registration,
  kind: "idToken" | "accessToken",
  name: string,
  id: string,
  which: string,
  text: { ok: string; missing: string },
): Finding {
  const title = `${which} optional claim ${name}`;
  if (asks(reg, kind, name)) return { id, status: "ok", title, detail: text.ok };
  const tab = kind === "idToken" ? "ID" : "Access";
  return {
    id,
    status: "warning",
    title,
    detail: text.missing,
    fix: `Add it: App registrations → ${reg.displayName} → Token configuration → Add optional claim → ${tab} → ${name} (the setup script's --optional-claims does it).`,
  };
}

export function checkTokenSettings(config: AppConfig, backend: Registration, frontend: Registration): Finding[] {
  const { entra } = config;
  const out: Finding[] = [];
  const version = backend.api?.requestedAccessTokenVersion ?? null;
  out.push(
    version === 2
      ? {
          id: "token-version",
          status: "ok",
          title: "Backend access token version",
          detail: `v2 (api.requestedAccessTokenVersion 2): issuer ${entra.instance}/<tenant>/v2.0, aud ${entra.backend.clientId}, azp/azpacr.`,
        }
      : {
          id: "token-version",
          status: "ok",
          title: "Backend access token version",
          detail: `v1 (api.requestedAccessTokenVersion ${version ?? "null, Entra's default"}): issuer https://sts.windows.net/<tenant>/, aud as the client asks (${entra.backend.appIdUri} or ${entra.backend.clientId}), appid/appidacr. The API accepts v1 and v2 tokens alike.`,
          fix: `Optional: set "api": { "requestedAccessTokenVersion": 2 } in the backend's manifest for v2 tokens, as the setup guide does.`,
        },
  );
  out.push(
    optionalClaim(frontend, "idToken", "login_hint", "optional-claim-login-hint", "Frontend", {
      ok: "ID tokens carry Entra's login hint: sign-out ends the right Entra session without a prompt, and SPA pages join the server's sign-in silently.",
      missing:
        "The frontend's ID tokens carry no login_hint (an optional claim it does not ask for): Entra asks which account to sign out, and SPA pages join the server's sign-in with the username as hint, which Entra treats as less reliable.",
    }),
    optionalClaim(backend, "accessToken", "idtyp", "optional-claim-idtyp", "Backend", {
      ok: 'App-only access tokens for the backend say idtyp "app".',
      missing:
        "The backend's access tokens carry no idtyp (an optional claim it does not ask for): the API tells app-only tokens apart by their missing scp (and oid = sub), not by Entra's own marker.",
    }),
  );
  return out;
}
