// The registration settings that shape the tokens this app reads, as doctor findings: which access token
// version the backend issues (both work: lib/bearer/validate.ts accepts v1 and v2), and the optional claims the
// app uses where a tenant configured them (it works without them, less smoothly). Pure: unit-testable.
import type { AppConfig } from "../config";
import type { Finding, Registration } from "./types";

const asks = (reg: Registration, kind: "idToken" | "accessToken", name: string) => (reg.optionalClaims?.[kind] ?? []).some((c) => c.name === name);

export function checkTokenSettings(config: AppConfig, backend: Registration, frontend: Registration): Finding[] {
  const { entra } = config;
  const out: Finding[] = [];
  const version = backend.api?.requestedAccessTokenVersion ?? null;
  out.push(
    version === 2
      ? { id: "token-version", status: "ok", title: "Backend access token version", detail: `v2 (api.requestedAccessTokenVersion 2): issuer ${entra.instance}/<tenant>/v2.0, aud ${entra.backend.clientId}, azp/azpacr.` }
      : {
          id: "token-version",
          status: "ok",
          title: "Backend access token version",
          detail: `v1 (api.requestedAccessTokenVersion ${version ?? "null, Entra's default"}): issuer https://sts.windows.net/<tenant>/, aud as the client asks (${entra.backend.appIdUri} or ${entra.backend.clientId}), appid/appidacr. The API accepts v1 and v2 tokens alike.`,
          fix: `Optional: set "api": { "requestedAccessTokenVersion": 2 } in the backend's manifest for v2 tokens, as the setup guide does.`,
        },
  );
  if (asks(frontend, "idToken", "login_hint")) out.push({ id: "optional-claim-login-hint", status: "ok", title: "Frontend optional claim login_hint", detail: "ID tokens carry Entra's login hint: sign-out ends the right Entra session without a prompt, and SPA pages join the server's sign-in silently." });
  else
    out.push({
      id: "optional-claim-login-hint",
      status: "warning",
      title: "Frontend optional claim login_hint",
      detail: "The frontend's ID tokens carry no login_hint (an optional claim it does not ask for): Entra asks which account to sign out, and SPA pages join the server's sign-in with the username as hint, which Entra treats as less reliable.",
      fix: `Add it: App registrations → ${frontend.displayName} → Token configuration → Add optional claim → ID → login_hint (the setup script's --optional-claims does it).`,
    });
  if (asks(backend, "accessToken", "idtyp")) out.push({ id: "optional-claim-idtyp", status: "ok", title: "Backend optional claim idtyp", detail: "App-only access tokens for the backend say idtyp \"app\"." });
  else
    out.push({
      id: "optional-claim-idtyp",
      status: "warning",
      title: "Backend optional claim idtyp",
      detail: "The backend's access tokens carry no idtyp (an optional claim it does not ask for): the API tells app-only tokens apart by their missing scp (and oid = sub), not by Entra's own marker.",
      fix: `Add it: App registrations → ${backend.displayName} → Token configuration → Add optional claim → Access → idtyp (the setup script's --optional-claims does it).`,
    });
  return out;
}
