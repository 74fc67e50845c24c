"use client";
import { PublicClientApplication, type AccountInfo } from "@azure/msal-browser";
import { MsalProvider } from "@azure/msal-react";
import { useEffect, useState, type ReactNode } from "react";
import { LoadingCard } from "@/app/components/LoadingCard";
import { apiScopes, buildMsalConfig, type SpaPublicConfig } from "./config";
import { beforeSignOut, signOutEverywhere } from "./sign-out";
import { ApiScopesContext } from "./use-api";

/** What the server hands the SPA about its own session (null: no server session). */
export interface SpaServerSession {
  /** The hybrid flow's one-time code: redeemed here for this tab's own tokens, no UI at all. */
  spaCode?: string;
  /** For ssoSilent when the code is gone (used, expired, another tab). */
  loginHint?: string;
  homeAccountId: string;
  username: string;
}

type Status = { kind: "starting" } | { kind: "ready"; pca: PublicClientApplication; account: AccountInfo } | { kind: "redirecting" } | { kind: "failed"; message: string };

// One MSAL instance per tab, and one sign-in attempt per page load (effects may run twice in dev).
let client: Promise<PublicClientApplication> | undefined;
let started: Promise<Status> | undefined;

function getClient(config: SpaPublicConfig): Promise<PublicClientApplication> {
  client ??= (async () => {
    const pca = new PublicClientApplication(buildMsalConfig(config, window.location.origin));
    await pca.initialize();
    return pca;
  })();
  return client;
}

/**
 * The account this tab calls the API as. With a server session: that same user, taken from this tab's
 * cache, else from the spa_code, else from silent SSO, and only then (never on the happy path) an
 * interactive sign-in. Without one: the cached MSAL account, else msal-browser's own sign-in.
 */
async function signIn(config: SpaPublicConfig, server: SpaServerSession | null): Promise<Status> {
  const pca = await getClient(config);
  const scopes = apiScopes(config);
  const ready = (account: AccountInfo | null | undefined): Status | undefined => {
    if (!account) return undefined;
    pca.setActiveAccount(account);
    return { kind: "ready", pca, account };
  };
  const redirected = await pca.handleRedirectPromise();
  const accounts = pca.getAllAccounts();
  if (server) {
    const isServerUser = (a: AccountInfo) => a.homeAccountId === server.homeAccountId || a.username.toLowerCase() === server.username.toLowerCase();
    // An account left in this tab by another user must not be used while this user is signed in.
    for (const other of accounts.filter((a) => !isServerUser(a))) await pca.clearCache({ account: other });
    const cached = ready(accounts.find(isServerUser));
    if (cached) return cached;
    if (server.spaCode) {
      try {
        const viaCode = ready((await pca.acquireTokenByCode({ code: server.spaCode, scopes })).account);
        if (viaCode) return viaCode;
      } catch {
        // expired or already redeemed: silent SSO below
      }
    }
    if (server.loginHint) {
      try {
        const viaSso = ready((await pca.ssoSilent({ scopes, loginHint: server.loginHint })).account);
        if (viaSso) return viaSso;
      } catch {
        // no IdP session in this browser (or third-party cookies blocked): interactive below
      }
    }
    await pca.loginRedirect({ scopes, loginHint: server.loginHint, redirectStartPage: window.location.href });
    return { kind: "redirecting" };
  }
  const own = ready(redirected?.account ?? pca.getActiveAccount() ?? accounts[0]);
  if (own) return own;
  await pca.loginRedirect({ scopes, redirectStartPage: window.location.href });
  return { kind: "redirecting" };
}

export function SpaAuthProvider({ config, server, children }: { config: SpaPublicConfig; server: SpaServerSession | null; children: ReactNode }) {
  const [status, setStatus] = useState<Status>({ kind: "starting" });
  useEffect(() => {
    let live = true;
    started ??= signIn(config, server).catch((err: unknown) => ({ kind: "failed", message: err instanceof Error ? err.message : String(err) }) as Status);
    void started.then((s) => live && setStatus(s));
    return () => {
      live = false;
    };
    // The first props decide: later renders of the layout carry no spa_code and need no new sign-in.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (status.kind !== "ready") return;
    const { pca, account } = status;
    return beforeSignOut(() => pca.clearCache({ account }));
  }, [status]);

  if (status.kind === "failed") {
    return (
      <main>
        <div className="card" role="alert" data-testid="problem" data-code="ERR_SPA_SIGN_IN">
          <p className="error">Signing in in the browser failed.</p>
          <p>
            <a className="button" href={typeof window === "undefined" ? "/" : window.location.pathname} data-testid="retry">
              Try again
            </a>
          </p>
        </div>
      </main>
    );
  }
  if (status.kind !== "ready") {
    return (
      <main>
        <LoadingCard />
      </main>
    );
  }
  return (
    <MsalProvider instance={status.pca}>
      <ApiScopesContext value={apiScopes(config)}>
      {server ? null : (
        <p className="muted" style={{ maxWidth: 880, margin: "8px auto 0", padding: "0 24px" }}>
          Signed in in this browser tab as <span data-testid="spa-signed-in-user">{status.account.name ?? status.account.username}</span>{" "}
          <button className="button" type="button" data-testid="spa-sign-out" onClick={() => void signOutEverywhere()}>
            Sign out
          </button>
        </p>
      )}
      {children}
      </ApiScopesContext>
    </MsalProvider>
  );
}
