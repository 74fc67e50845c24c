// The frontend's requested scope must resolve to the backend: a client-credentials call by the frontend
// for `${appIdUri}/.default` fails with AADSTS500011 when no app has that App ID URI.
import { decodeJwt } from "jose";
import { createConfidentialClient } from "@/lib/msal-client";
import type { Finding } from "../../types";
import type { Check } from "../context";
import { explainClientCredentials } from "./explain";

const SCOPE_TITLE = "Frontend scope → backend App ID URI";

export const frontendScope: Check = {
  name: "frontend-scope",
  async run(ctx): Promise<Finding[]> {
    const { entra } = ctx.config;
    const backendDefault = `${entra.backend.appIdUri}/.default`;
    try {
      const client = createConfidentialClient(ctx.config, {
        clientId: entra.frontend.clientId,
        credential: { clientSecret: entra.frontend.clientSecret },
      });
      const result = await client.acquireTokenByClientCredential({ scopes: [backendDefault] });
      const aud = result?.accessToken ? String(decodeJwt(result.accessToken).aud ?? "") : "";
      if (aud && aud !== entra.backend.clientId && aud !== entra.backend.appIdUri) {
        const fix =
          "ENTRA_BACKEND_APP_ID_URI names another app: set it to the backend registration's Application ID URI.";
        return [
          {
            id: "app-id-uri",
            status: "error",
            title: SCOPE_TITLE,
            detail: `${backendDefault} resolves to application ${aud}, not the backend ${entra.backend.clientId}.`,
            fix,
          },
        ];
      }
      return [
        {
          id: "app-id-uri",
          status: "ok",
          title: SCOPE_TITLE,
          detail: `The frontend's credentials are valid and ${backendDefault} resolves to the backend.`,
        },
      ];
    } catch (err) {
      const d = explainClientCredentials(ctx, err, entra.frontend.clientId, [backendDefault]);
      const scope = d?.aadsts === 500011 || d?.aadsts === 70011;
      const fix = scope
        ? `No application in the tenant has the App ID URI '${entra.backend.appIdUri}': set ENTRA_BACKEND_APP_ID_URI to the backend's Application ID URI (Expose an API), or add it there.`
        : d?.fix;
      const detail = d ? `${d.code}: ${d.cause}` : String((err as Error).message);
      return [
        {
          id: scope ? "app-id-uri" : "frontend-credential",
          status: "error",
          title: scope ? SCOPE_TITLE : "Frontend credentials",
          detail,
          fix,
          diagnosis: d,
        },
      ];
    }
  },
};
