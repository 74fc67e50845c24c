"use client";
import { PublicClientApplication, type AccountInfo } from "@azure/msal-browser";
import { MsalProvider } from "@azure/msal-react";
import { useEffect, useState, type ReactNode } from "react";
import { TabAccount } from "@/app/components/TabAccount";
import type { Problem } from "@/lib/errors";
import type { AppFacts, Flow } from "@/lib/diagnose";
import { explainMsalError } from "@/lib/spa/api";
import { apiScopes, buildMsalConfig, type SpaHandoff, type SpaPublicConfig } from "@/lib/spa/config";
import { SPA_REDIRECT_PATH } from "@/lib/spa/paths";
import { SpaSessionContext, type SpaSession } from "@/lib/spa/session";
import { beforeSignOut } from "@/lib/spa/sign-out";
import { ApiScopesContext, DiagnoseFactsContext } from "@/lib/spa/use-api";

type Status =
  | { kind: "starting" }
  | { kind: "ready"; pca: PublicClientApplication; account: AccountInfo }
  | { kind: "redirecting" }
  // The user went elsewhere before a redirect was due: their click wins, the next SPA page starts over.
  | { kind: "abandoned" }
  | { kind: "failed"; problem: Problem };

/** A sign-in step that failed, with the flow it belongs to (the same AADSTS code means different things). */
class SignInStepError extends Error {
  constructor(
    readonly flow: Flow,
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

// One MSAL instance per tab, and one sign-in attempt per page load (effects may run twice in dev).
let instance: TabClient | undefined;
let started: Promise<Status> | undefined;
// Whether an SPA page is on screen, and whether the user clicked a link since it started signing in.
let mounts = 0;
let leaving = false;

function watchLeaving(): () => void {
  const onClick = (event: MouseEvent) => {
    if (event.target instanceof Element && event.target.closest("a[href]")) leaving = true;
  };
  document.addEventListener("click", onClick, true);
  return () => document.removeEventListener("click", onClick, true);
}

/**
 * The tab's MSAL instance. Initialized once however many callers ask (this provider's sign-in and
 * msal-react's MsalProvider both do): msal-browser's own initialize() would run twice if called twice
 * before the first one ends.
 */
class TabClient extends PublicClientApplication {
  private initializing?: Promise<void>;
  override initialize(...args: Parameters<PublicClientApplication["initialize"]>): Promise<void> {
    this.initializing ??= super.initialize(...args);
    return this.initializing;
  }
}

function tabClient(config: SpaPublicConfig): TabClient {
  instance ??= new TabClient(buildMsalConfig(config, window.location.origin));
  return instance;
}

async function getClient(config: SpaPublicConfig): Promise<PublicClientApplication> {
  const pca = tabClient(config);
  await pca.initialize();
  return pca;
}

/**
 * The account this tab calls the API as. With a server session: that same user, taken from this tab's
 * cache, else from the spa_code, else from silent SSO, and only then (never on the happy path) an
 * interactive sign-in. Without one: the cached MSAL account, else msal-browser's own sign-in.
 */
async function signIn(
  config: SpaPublicConfig,
  server: SpaHandoff | null,
  facts: AppFacts | undefined,
  stillHere: () => boolean,
): Promise<Status> {
  const pca = await getClient(config);
  const scopes = apiScopes(config);
  const step = async <T,>(flow: Flow, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw new SignInStepError(flow, err);
    }
  };
  // A fallback that failed (the next step takes over): explained in the console for whoever debugs it.
  const fellBack = (what: string, flow: Flow, err: unknown) => {
    const d = explainMsalError(err, flow, facts, explainContext(scopes));
    console.warn(
      `SPA sign-in: ${what} failed${d ? ` (${d.code}: ${d.title})` : ""}; trying the next way.`,
      d ?? (err instanceof Error ? err.message : err),
    );
  };
  const ready = (account: AccountInfo | null | undefined): Status | undefined => {
    if (!account) return undefined;
    pca.setActiveAccount(account);
    return { kind: "ready", pca, account };
  };
  // The answer of an earlier loginRedirect / acquireTokenRedirect: Entra's refusal surfaces here.
  const redirected = await step("sign-in", () => pca.handleRedirectPromise());
  const accounts = pca.getAllAccounts();
  if (server) {
    const isServerUser = (a: AccountInfo) =>
      a.homeAccountId === server.homeAccountId || a.username.toLowerCase() === server.username.toLowerCase();
    // An account left in this tab by another user must not be used while this user is signed in.
    for (const other of accounts.filter((a) => !isServerUser(a))) await pca.clearCache({ account: other });
    const cached = ready(accounts.find(isServerUser));
    if (cached) return cached;
    if (server.spaCode) {
      try {
        const viaCode = ready((await pca.acquireTokenByCode({ code: server.spaCode, scopes })).account);
        if (viaCode) return viaCode;
      } catch (err) {
        // expired or already redeemed (AADSTS54005): silent SSO below
        fellBack("redeeming the server's spa_code (acquireTokenByCode)", "spa-code-redemption", err);
      }
    }
    if (server.loginHint) {
      try {
        const viaSso = ready((await pca.ssoSilent({ scopes, loginHint: server.loginHint })).account);
        if (viaSso) return viaSso;
      } catch (err) {
        // no IdP session in this browser (AADSTS50058, or third-party cookies blocked): interactive below
        fellBack("silent SSO (ssoSilent)", "silent-sign-in", err);
      }
    }
    return redirectToSignIn(server.loginHint);
  }
  const own = ready(redirected?.account ?? pca.getActiveAccount() ?? accounts[0]);
  if (own) return own;
  return redirectToSignIn(undefined);

  async function redirectToSignIn(loginHint: string | undefined): Promise<Status> {
    // The steps above can take seconds (silent SSO); a click meanwhile must not be undone by a redirect.
    if (!stillHere()) return { kind: "abandoned" };
    await step("sign-in", () => pca.loginRedirect({ scopes, loginHint, redirectStartPage: window.location.href }));
    return { kind: "redirecting" };
  }
}

const explainContext = (scopes: string[]) => ({
  origin: window.location.origin,
  redirectUri: `${window.location.origin}${SPA_REDIRECT_PATH}`,
  scopes,
});

function failed(err: unknown, facts: AppFacts | undefined, scopes: string[]): Status {
  const flow = err instanceof SignInStepError ? err.flow : "sign-in";
  const cause = err instanceof SignInStepError ? err.failure : err;
  const problem: Problem = { code: "ERR_SPA_SIGN_IN", message: cause instanceof Error ? cause.message : String(cause) };
  const diagnosis = explainMsalError(cause, flow, facts, explainContext(scopes));
  if (diagnosis) problem.diagnosis = diagnosis;
  // MSAL's correlation id: the one Entra's sign-in logs carry for this request.
  const correlationId = (cause as { correlationId?: unknown } | null)?.correlationId;
  if (typeof correlationId === "string" && correlationId) problem.correlationId = correlationId;
  return { kind: "failed", problem };
}

function sessionOf(status: Status): SpaSession {
  if (status.kind === "ready") return { status: "ready", pca: status.pca, account: status.account };
  if (status.kind === "failed") return { status: "failed", problem: status.problem };
  return { status: "starting" };
}

/**
 * `facts`: this app's public settings (client ids, App ID URI, tenant; no secret) to explain Entra's errors
 * with. The page renders at once; its data areas wait for the sign-in (SpaSessionContext).
 */
export function SpaAuthProvider({
  config,
  server,
  facts,
  children,
}: {
  config: SpaPublicConfig;
  server: SpaHandoff | null;
  facts?: AppFacts;
  children: ReactNode;
}) {
  const [status, setStatus] = useState<Status>({ kind: "starting" });
  useEffect(() => {
    let live = true;
    mounts++;
    leaving = false;
    const stopWatching = watchLeaving();
    const run = () => {
      started ??= signIn(config, server, facts, () => mounts > 0 && !leaving).catch((err: unknown) =>
        failed(err, facts, apiScopes(config)),
      );
      void started.then((s) => {
        if (s.kind !== "abandoned") return live && setStatus(s);
        started = undefined;
        // Still on an SPA page (a client-side link to another one): sign in for the page the user chose.
        setTimeout(() => live && ((leaving = false), run()), 500);
      });
    };
    run();
    return () => {
      live = false;
      mounts--;
      stopWatching();
    };
    // The first props decide: later renders of the layout carry no spa_code and need no new sign-in.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once on mount: the first props decide (above)
  }, []);
  useEffect(() => {
    if (status.kind !== "ready") return;
    const { pca, account } = status;
    return beforeSignOut(() => pca.clearCache({ account }));
  }, [status]);

  // msal-react's provider over the page, on the tab's own instance (its hooks and components see the
  // account and the interaction in progress). It is there from the first render in the browser, so the
  // page's components are not mounted again when the sign-in completes (what the user typed meanwhile stays).
  const [pca] = useState(() => (typeof window === "undefined" ? undefined : tabClient(config)));
  const page = (
    <>
      {status.kind === "ready" && !server ? <TabAccount account={status.account} /> : null}
      {children}
    </>
  );
  return (
    <SpaSessionContext value={sessionOf(status)}>
      <ApiScopesContext value={apiScopes(config)}>
        <DiagnoseFactsContext value={facts}>
          {pca ? <MsalProvider instance={pca}>{page}</MsalProvider> : page}
        </DiagnoseFactsContext>
      </ApiScopesContext>
    </SpaSessionContext>
  );
}
