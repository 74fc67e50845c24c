// A backend credential as msal-node takes it, for every confidential client the backend builds (OBO,
// app-only Graph, the doctor's live checks). No "server-only": the doctor runs from the command line.
import { readFile } from "node:fs/promises";
import { ManagedIdentityApplication, type NodeAuthOptions } from "@azure/msal-node";
import { toMsalCertificate } from "@/lib/certificate";
import type { BackendCredential } from "@/lib/config";

export type MsalCredentialOptions = Pick<NodeAuthOptions, "clientSecret" | "clientCertificate" | "clientAssertion">;

const mapped = new WeakMap<BackendCredential, MsalCredentialOptions>();

/** Built once per configured credential (the certificate's thumbprint, the managed identity's client). */
export function msalCredentialOptions(c: BackendCredential): MsalCredentialOptions {
  let options = mapped.get(c);
  if (!options) mapped.set(c, (options = map(c)));
  return options;
}

function map(c: BackendCredential): MsalCredentialOptions {
  switch (c.type) {
    case "secret":
      return { clientSecret: c.secret };
    case "certificate":
      return { clientCertificate: toMsalCertificate(c) };
    case "federated":
      // Read at each token request: the platform rotates the projected token in place.
      return { clientAssertion: async () => (await readFile(c.tokenFile, "utf8")).trim() };
    case "managed-identity": {
      const identity = managedIdentity(c);
      // msal-node keeps the identity's token until shortly before it expires.
      return {
        clientAssertion: async () => (await identity.acquireToken({ resource: TOKEN_EXCHANGE_RESOURCE })).accessToken,
      };
    }
  }
}

/** The audience Entra expects of a federated assertion in the public cloud. */
const TOKEN_EXCHANGE_RESOURCE = "api://AzureADTokenExchange";
function managedIdentity(c: Extract<BackendCredential, { type: "managed-identity" }>): ManagedIdentityApplication {
  if (c.emulatorEndpoint) {
    // msal-node finds the host's identity endpoint in these two variables, as App Service sets them.
    process.env.IDENTITY_ENDPOINT ??= c.emulatorEndpoint.endpoint;
    process.env.IDENTITY_HEADER ??= c.emulatorEndpoint.header;
  }
  return new ManagedIdentityApplication({ managedIdentityIdParams: { userAssignedClientId: c.clientId } });
}

export function describeCredential(c: BackendCredential, i: number): string {
  const kind = {
    secret: "client secret",
    certificate: "certificate",
    federated: "federated token file",
    "managed-identity": "managed identity",
  }[c.type];
  return `credential ${i + 1} (${kind})`;
}
