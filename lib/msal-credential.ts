// A backend credential as msal-node takes it, for every confidential client the backend builds (OBO,
// app-only Graph, the doctor's live checks). No "server-only": the doctor runs from the command line.
import { readFile } from "node:fs/promises";
import type { NodeAuthOptions } from "@azure/msal-node";
import { toMsalCertificate } from "@/lib/certificate";
import type { BackendCredential } from "@/lib/config";

export type MsalCredentialOptions = Pick<NodeAuthOptions, "clientSecret" | "clientCertificate" | "clientAssertion">;

export function msalCredentialOptions(c: BackendCredential): MsalCredentialOptions {
  switch (c.type) {
    case "secret":
      return { clientSecret: c.secret };
    case "certificate":
      return { clientCertificate: toMsalCertificate(c) };
    case "federated":
      // Read at each token request: the platform rotates the projected token in place.
      return { clientAssertion: async () => (await readFile(c.tokenFile, "utf8")).trim() };
  }
}

export function describeCredential(c: BackendCredential, i: number): string {
  const kind = { secret: "client secret", certificate: "certificate", federated: "federated token file" }[c.type];
  return `credential ${i + 1} (${kind})`;
}
