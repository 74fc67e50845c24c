// Each backend credential with a client-credentials call (Graph's .default: Entra refuses a token for
// yourself by App ID URI, and this token reads the registrations later).
import { describeCredential, msalCredentialOptions } from "@/lib/msal-credential";
import { createConfidentialClient } from "@/lib/msal-client";
import type { Finding } from "../../types";
import { GRAPH_DEFAULT, type Check } from "../context";
import { explainClientCredentials } from "./explain";

export const backendCredentials: Check = {
  name: "backend-credentials",
  async run(ctx) {
    const { entra } = ctx.config;
    const out: Finding[] = [];
    for (const [i, credential] of entra.backend.credentials.entries()) {
      const id = `backend-credential-${i + 1}`;
      const title = `Backend ${describeCredential(credential, i)}`;
      try {
        const client = createConfidentialClient(ctx.config, {
          clientId: entra.backend.clientId,
          credential: msalCredentialOptions(credential),
        });
        const result = await client.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
        ctx.graphToken ??= result?.accessToken;
        out.push({ id, status: "ok", title, detail: `Entra issued a token for ${entra.backend.clientId}.` });
      } catch (err) {
        const d = explainClientCredentials(ctx, err, entra.backend.clientId, [GRAPH_DEFAULT]);
        out.push({
          id,
          status: "error",
          title,
          detail: d ? `${d.code}: ${d.cause}` : String((err as Error).message),
          fix: d?.fix,
          diagnosis: d,
        });
      }
    }
    return out;
  },
};
