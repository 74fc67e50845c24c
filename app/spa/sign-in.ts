import { PublicClientApplication, type AccountInfo } from "@azure/msal-browser";
import type { Problem } from "@/lib/errors";
import type { AppFacts, Flow } from "@/lib/diagnose";
import { explainMsalError } from "@/lib/spa/api";
import { apiScopes, buildMsalConfig, type SpaHandoff, type SpaPublicConfig } from "@/lib/spa/config";
import { SPA_REDIRECT_PATH } from "@/lib/spa/paths";

// How an SPA page's tab gets its account: the steps, in order, and what a failure becomes.

export type Status =
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

async function step<T>(flow: Flow, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw new SignInStepError(flow, err);
  }
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

// One MSAL instance per tab.
let instance: TabClient | undefined;

export function tabClient(config: SpaPublicConfig): TabClient {
  instance ??= new TabClient(buildMsalConfig(config, window.location.origin));
  return instance;
}

/** One sign-in attempt: the tab's client, the API's scopes, the facts to explain errors with. */
interface Attempt {
  pca: PublicClientApplication;
  scopes: string[];
  facts: AppFacts | undefined;
  stillHere: () => boolean;
}

const explainContext = (scopes: string[]) => ({
  origin: window.location.origin,
  redirectUri: `${window.location.origin}${SPA_REDIRECT_PATH}`,
  scopes,
});

function ready(pca: PublicClientApplication, account: AccountInfo | null | undefined): Status | undefined {
  if (!account) return undefined;
  pca.setActiveAccount(account);
  return { kind: "ready", pca, account };
}

/**
 * One way to the account that may fail, the next way then taking over: the failure is explained in the
 * console for whoever debugs it.
 */
async function tryWay(at: Attempt, what: string, flow: Flow, run: () => Promise<AccountInfo | null>) {
  try {
    return ready(at.pca, await run());
  } catch (err) {
    const d = explainMsalError(err, flow, at.facts, explainContext(at.scopes));
    console.warn(
      `SPA sign-in: ${what} failed${d ? ` (${d.code}: ${d.title})` : ""}; trying the next way.`,
      d ?? (err instanceof Error ? err.message : err),
    );
    return undefined;
  }
}

async function redirectToSignIn(at: Attempt, loginHint: string | undefined): Promise<Status> {
  // The steps before can take seconds (silent SSO); a click meanwhile must not be undone by a redirect.
  if (!at.stillHere()) return { kind: "abandoned" };
  const { pca, scopes } = at;
  await step("sign-in", () => pca.loginRedirect({ scopes, loginHint, redirectStartPage: window.location.href }));
  return { kind: "redirecting" };
}

/** With a server session: that same user, from this tab's cache, else the spa_code, else silent SSO. */
async function asServerUser(at: Attempt, server: SpaHandoff): Promise<Status> {
  const { pca, scopes } = at;
  const isServerUser = (a: AccountInfo) =>
    a.homeAccountId === server.homeAccountId || a.username.toLowerCase() === server.username.toLowerCase();
  const accounts = pca.getAllAccounts();
  // An account left in this tab by another user must not be used while this user is signed in.
  for (const other of accounts.filter((a) => !isServerUser(a))) await pca.clearCache({ account: other });
  const cached = ready(pca, accounts.find(isServerUser));
  if (cached) return cached;
  const { spaCode: code, loginHint } = server;
  const ways: Array<{ what: string; flow: Flow; run?: () => Promise<AccountInfo | null> }> = [
    // Expired or already redeemed (AADSTS54005): silent SSO next.
    {
      what: "redeeming the server's spa_code (acquireTokenByCode)",
      flow: "spa-code-redemption",
      run: code ? async () => (await pca.acquireTokenByCode({ code, scopes })).account : undefined,
    },
    // No IdP session in this browser (AADSTS50058, or third-party cookies blocked): interactive next.
    {
      what: "silent SSO (ssoSilent)",
      flow: "silent-sign-in",
      run: loginHint ? async () => (await pca.ssoSilent({ scopes, loginHint })).account : undefined,
    },
  ];
  for (const { what, flow, run } of ways) {
    const signedIn = run ? await tryWay(at, what, flow, run) : undefined;
    if (signedIn) return signedIn;
  }
  return redirectToSignIn(at, loginHint);
}

/**
 * The account this tab calls the API as. With a server session: that same user (asServerUser), and only
 * then (never on the happy path) an interactive sign-in. Without one: the cached MSAL account, else
 * msal-browser's own sign-in.
 */
export async function signIn(
  config: SpaPublicConfig,
  server: SpaHandoff | null,
  facts: AppFacts | undefined,
  stillHere: () => boolean,
): Promise<Status> {
  const pca = tabClient(config);
  await pca.initialize();
  const at: Attempt = { pca, scopes: apiScopes(config), facts, stillHere };
  // The answer of an earlier loginRedirect / acquireTokenRedirect: Entra's refusal surfaces here.
  const redirected = await step("sign-in", () => pca.handleRedirectPromise());
  if (server) return asServerUser(at, server);
  return (
    ready(pca, redirected?.account ?? pca.getActiveAccount() ?? pca.getAllAccounts()[0]) ??
    redirectToSignIn(at, undefined)
  );
}

/** A sign-in that failed, as the page's notice shows it (the diagnosis behind its details). */
export function failed(err: unknown, facts: AppFacts | undefined, scopes: string[]): Status {
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
