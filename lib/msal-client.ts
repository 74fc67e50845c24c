// The app's one factory of msal-node confidential clients, for the backend's OBO and app-only calls
// (lib/obo), the doctor's checks and the /diagnostics probe: the authority and knownAuthorities from the
// configuration, the credential as msal-node takes it. No "server-only": `npm run doctor` runs it too.
import { ConfidentialClientApplication, type Configuration } from "@azure/msal-node";
import type { AppConfig } from "@/lib/config";
import type { MsalCredentialOptions } from "@/lib/msal-credential";

export interface ClientOptions {
  clientId: string;
  credential: MsalCredentialOptions;
  /** e.g. ["CP1"]: the caller handles claims challenges, so Entra may issue CAE tokens. */
  clientCapabilities?: string[];
  /** The authority's discovery document (JSON), so msal-node fetches none. */
  authorityMetadata?: string;
  system?: Configuration["system"];
}

export function createConfidentialClient(config: AppConfig, options: ClientOptions): ConfidentialClientApplication {
  const { clientId, credential, clientCapabilities, authorityMetadata, system } = options;
  return new ConfidentialClientApplication({
    auth: {
      clientId,
      authority: config.entra.authority,
      knownAuthorities: config.entra.knownAuthorities,
      ...(authorityMetadata ? { authorityMetadata } : {}),
      ...credential,
      ...(clientCapabilities ? { clientCapabilities } : {}),
    },
    ...(system ? { system } : {}),
  });
}
