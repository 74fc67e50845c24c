// The shape of the validated configuration (lib/config.ts builds it, everything else reads it).
import type { RedisConfig } from "../redis-config";

/** The process environment as read: every variable optional. */
export type Env = Record<string, string | undefined>;

export type BackendCredential =
  | { type: "secret"; secret: string }
  | { type: "certificate"; privateKeyPem: string; certificatePem: string }
  // Workload identity federation: a token of another issuer (e.g. the pod's projected service-account
  // token), read from the file at each token request because the platform rotates it.
  | { type: "federated"; tokenFile: string }
  // Managed identity as the federated credential: a user-assigned identity of the host (App Service,
  // Container Apps) gets a token for api://AzureADTokenExchange from the host's identity endpoint. Entra
  // does not take a system-assigned identity as an app's federated credential.
  | { type: "managed-identity"; clientId: string; emulatorEndpoint?: { endpoint: string; header: string } };

export interface AppConfig {
  provider: "emulator" | "entra";
  entra: {
    instance: string; // "https://login.microsoftonline.com" or "https://localhost:8443"
    tenantId: string;
    authority: string; // `${instance}/${tenantId}`
    issuer: string; // `${authority}/v2.0`
    knownAuthorities: string[]; // ["host:port"] for non-Microsoft hosts, else []
    allowedTenants: string[]; // extra tenants whose tokens the API accepts (multi-tenant); empty = home only
    frontend: { clientId: string; clientSecret: string };
    backend: {
      clientId: string;
      appIdUri: string;
      scope: string;
      credentials: BackendCredential[];
      /** App roles of the backend: `service` admits daemons to /api/service/*, `directoryAdmin` users to /admin. */
      roles: { service: string; directoryAdmin: string };
    };
  };
  /** Graph, the downstream API; each call names its own scopes (lib/graph, from the page registry). */
  downstream: { graph: { baseUrl: string } };
  redisUrl: string | undefined;
  /** One server (REDIS_URL), a cluster or Sentinels (lib/redis-config.ts); undefined: in-memory. */
  redis: RedisConfig | undefined;
  /** The OBO token cache's in-process L1 (lib/obo/cache.ts): an LRU bounded by users (partitions) and bytes. */
  oboCache: { maxUsers: number; maxBytes: number };
  /**
   * `url`: the app's public origin, from which every redirect and redirect URI is built (AUTH_URL, or the
   * loopback URL of its port outside production with a real tenant); undefined only when
   * `trustProxyHeaders` (TRUST_PROXY_HEADERS=on, no AUTH_URL) takes it from the proxy's X-Forwarded-* headers.
   */
  auth: { secret: string; url: string | undefined; urlFrom: "AUTH_URL" | "port" | "proxy"; trustProxyHeaders: boolean };
  /** Page modes: the flags file (watched), and the simple overrides SPA_PAGES and the override cookie. */
  flags: { spaPages: "*" | string[]; overrideCookie: boolean; file: string | undefined };
  /** Shutdown's grace period for in-flight requests, and how long /readyz reuses its checks' result. */
  server: { shutdownGraceSeconds: number; readinessCacheSeconds: number };
}
