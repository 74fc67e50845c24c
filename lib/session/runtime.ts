import "server-only";
import { getConfig } from "@/lib/config";
import { getStore } from "@/lib/store";
import { TokenRefresher, discoverTokenEndpoint } from "./refresh";
import { SessionStore } from "./store";
import { SpaCodeStore } from "./spa-code";

/** The scopes of the interactive sign-in: OIDC, a refresh token, and the backend as the one resource. */
export function signInScope(): string {
  return `openid profile email offline_access ${getConfig().entra.backend.appIdUri}/.default`;
}

// Process-wide on globalThis so every route bundle shares one in-flight map (single-flight) and store.
const RUNTIME = Symbol.for("entra-dual-mode.auth-runtime");
type Runtime = { sessions: SessionStore; refresher: TokenRefresher; spaCodes: SpaCodeStore };
type WithRuntime = typeof globalThis & { [RUNTIME]?: Runtime };

function runtime(): Runtime {
  const g = globalThis as WithRuntime;
  if (!g[RUNTIME]) {
    const { entra } = getConfig();
    const kv = getStore();
    const sessions = new SessionStore(kv);
    const refresher = new TokenRefresher({
      kv,
      sessions,
      tokenEndpoint: () => discoverTokenEndpoint(entra.issuer),
      clientId: entra.frontend.clientId,
      clientSecret: entra.frontend.clientSecret,
      scope: `${entra.backend.appIdUri}/.default openid profile offline_access`,
    });
    g[RUNTIME] = { sessions, refresher, spaCodes: new SpaCodeStore(kv) };
  }
  return g[RUNTIME];
}

export const getSessions = () => runtime().sessions;
export const getRefresher = () => runtime().refresher;
export const getSpaCodes = () => runtime().spaCodes;
