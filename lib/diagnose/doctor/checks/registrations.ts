// The registrations themselves, read through Graph when the backend may (Application.Read.All): their
// wiring and the settings that shape the tokens. Without a backend token or that permission, a warning.
import { decodeJwt } from "jose";
import { checkTokenSettings } from "../../token-settings";
import type { Finding, Registration } from "../../types";
import type { Check, DoctorContext } from "../context";
import { checkWiring, readRegistration } from "./wiring";

const READERS = ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All"];
const title = "App registrations";

function missing(ctx: DoctorContext, backend?: Registration, frontend?: Registration): Finding[] {
  const { entra } = ctx.config;
  const out: Finding[] = [];
  for (const [reg, name, id, v] of [
    [backend, "backend", entra.backend.clientId, "ENTRA_BACKEND_CLIENT_ID"],
    [frontend, "frontend", entra.frontend.clientId, "ENTRA_FRONTEND_CLIENT_ID"],
  ] as const) {
    if (!reg)
      out.push({
        id: `${name}-registration`,
        status: "error",
        title: `The ${name} registration`,
        detail: `No application with appId ${id} in the tenant.`,
        fix: `Set ${v} to the registration's Application (client) ID.`,
      });
  }
  return out;
}

/** The scope check could only say "no app has that URI"; the registration says which one to use. */
function sharpenScopeFix(ctx: DoctorContext, backend: Registration): void {
  const { appIdUri } = ctx.config.entra.backend;
  const scopeCheck = ctx.findings.find((f) => f.id === "app-id-uri" && f.status === "error");
  if (scopeCheck && backend.identifierUris[0] && !backend.identifierUris.includes(appIdUri)) {
    scopeCheck.fix = `Set ENTRA_BACKEND_APP_ID_URI to ${backend.identifierUris[0]} (the backend's Application ID URI), or add '${appIdUri}' under the backend's Expose an API.`;
  }
}

export const registrations: Check = {
  name: "registrations",
  async run(ctx) {
    const { config, graphToken } = ctx;
    if (!graphToken)
      return [
        {
          id: "registrations",
          status: "warning",
          title,
          detail: "Skipped: no backend token to read the registrations with.",
          fix: "Fix the backend credential first.",
        },
      ];
    const roles = decodeJwt(graphToken).roles;
    if (!(Array.isArray(roles) && roles.some((r) => READERS.includes(String(r))))) {
      const fix =
        "Optional: grant the backend the Microsoft Graph application permission Application.Read.All (admin consent) to let the doctor check the registrations.";
      return [
        {
          id: "registrations",
          status: "warning",
          title,
          detail:
            "Not checked: the backend's Graph token has no Application.Read.All, so knownClientApplications and redirect URIs cannot be read.",
          fix,
        },
      ];
    }
    let backend: Registration | undefined;
    let frontend: Registration | undefined;
    try {
      [backend, frontend] = await Promise.all([
        readRegistration(config, graphToken, config.entra.backend.clientId),
        readRegistration(config, graphToken, config.entra.frontend.clientId),
      ]);
    } catch (err) {
      return [
        {
          id: "registrations",
          status: "warning",
          title,
          detail: `Could not read them through Graph: ${(err as Error).message}`,
        },
      ];
    }
    if (!backend || !frontend) return missing(ctx, backend, frontend);
    sharpenScopeFix(ctx, backend);
    return [...checkWiring(config, backend, frontend, ctx.origin), ...checkTokenSettings(config, backend, frontend)];
  },
};
