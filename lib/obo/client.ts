import "server-only";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { ConfidentialClientApplication, LogLevel, type Configuration, type NodeAuthOptions } from "@azure/msal-node";
import type { BackendCredential } from "@/lib/config";
import { getConfig } from "@/lib/config";
import { getOpenIdConfiguration } from "@/lib/auth/discovery";
import { log } from "@/lib/log";

// The BACKEND registration as an msal-node confidential client, built only for a token request (a cache
// miss): cache hits are answered from the partitioned cache in cache.ts without msal. Each client is fresh,
// so its in-memory cache holds exactly the one response it fetched, which cache.ts merges into the caller's
// partition. Discovery is fetched once per process and passed in as authorityMetadata, and construction
// costs ~2 µs, so a client per token request costs no network call and no measurable time.

type CredentialOptions = Pick<NodeAuthOptions, "clientSecret" | "clientCertificate">;
const credentialCache = new WeakMap<BackendCredential, CredentialOptions>();

export function credentialOptions(credential: BackendCredential): CredentialOptions {
  let options = credentialCache.get(credential);
  if (options) return options;
  if (credential.type === "secret") {
    options = { clientSecret: credential.secret };
  } else {
    const cert = new X509Certificate(credential.certificatePem);
    options = {
      clientCertificate: {
        thumbprintSha256: cert.fingerprint256.replaceAll(":", "").toLowerCase(),
        // msal-node wants PKCS#8; certificates exported as "RSA PRIVATE KEY" (PKCS#1) are converted here.
        privateKey: createPrivateKey(credential.privateKeyPem).export({ format: "pem", type: "pkcs8" }).toString(),
        x5c: credential.certificatePem,
      },
    };
  }
  credentialCache.set(credential, options);
  return options;
}

export async function createOboClient(credential: BackendCredential): Promise<ConfidentialClientApplication> {
  const { entra } = getConfig();
  const metadata = await getOpenIdConfiguration(entra.authority);
  const config: Configuration = {
    auth: {
      clientId: entra.backend.clientId,
      authority: entra.authority,
      knownAuthorities: entra.knownAuthorities,
      authorityMetadata: JSON.stringify(metadata),
      ...credentialOptions(credential),
    },
    system: {
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message, containsPii) => {
          if (!containsPii && level <= LogLevel.Warning) log.warn({ msal: message }, "msal-node");
        },
      },
    },
  };
  return new ConfidentialClientApplication(config);
}
