import { getConfig } from "@/lib/config";
import { appFacts, diagnose, type Diagnosis } from "@/lib/diagnose";
import { DiagnosisDetails, Text } from "@/app/components/DiagnosisDetails";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign-in problem" };

// NextAuth's error page (pages.error / pages.signIn in auth.ts). An Entra refusal arrives with its AADSTS
// code (lib/diagnose/auth-error.ts); Auth.js's own errors arrive as a type only.
const AUTHJS: Record<string, { title: string; cause: string; fix: string }> = {
  Configuration: {
    title: "The server's sign-in configuration failed",
    cause: "Auth.js could not complete the sign-in: the token redemption was refused (wrong ENTRA_FRONTEND_CLIENT_SECRET, redirect URI, issuer) or the IdP was unreachable. The server log names Entra's answer.",
    fix: "Run `npm run doctor`, and read the server log for the AADSTS code.",
  },
  AccessDenied: { title: "Access denied", cause: "The sign-in was refused by the app's sign-in callback.", fix: "Sign in with an account of this tenant." },
  Verification: { title: "The sign-in link is no longer valid", cause: "It was used already or expired.", fix: "Start the sign-in again." },
  InvalidCheck: {
    title: "The sign-in could not be verified",
    cause: "The PKCE or state cookie set when the sign-in started did not come back: two sign-ins raced in one browser, cookies are blocked, or AUTH_URL differs from the origin the browser uses.",
    fix: "Start the sign-in again in one tab; check AUTH_URL.",
  },
  OAuthCallbackError: { title: "The identity provider refused the sign-in", cause: "Entra redirected back with an error.", fix: "Start the sign-in again; if it persists, run `npm run doctor`." },
};

const TOKEN_STAGE = {
  title: "The sign-in could not be completed",
  cause: "Entra signed you in, but the server's redemption of the sign-in code failed: the token endpoint was unreachable or answered with a server error.",
  fix: "Sign in again in a moment; if it persists, run `npm run doctor` and read the server log.",
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = await searchParams;
  const type = one(q.error);
  const code = Number(one(q.aadsts));
  const entraError = one(q.entra_error);
  let diagnosis: Diagnosis | undefined;
  if (Number.isInteger(code) && code > 0 || entraError) {
    diagnosis = diagnose({ flow: "sign-in", aadsts: Number.isInteger(code) && code > 0 ? code : undefined, error: entraError, suberror: one(q.suberror) }, appFacts(getConfig()));
  }
  // A refused code redemption (lib/diagnose/auth-error.ts adds stage=token) is not Entra redirecting back.
  const known = one(q.stage) === "token" && !diagnosis ? TOKEN_STAGE : type ? AUTHJS[type] : undefined;
  return (
    <main>
      <h1>Sign-in problem</h1>
      <div className="card notice" data-tone="error" role="alert" data-testid="auth-error" data-error={type ?? ""} data-code={diagnosis?.code ?? ""}>
        <p className="error">{diagnosis?.title ?? known?.title ?? (type ? `Sign-in failed (${type})` : "Sign in to continue.")}</p>
        {diagnosis ? (
          <DiagnosisDetails diagnosis={diagnosis} />
        ) : known ? (
          <details className="diagnosis" data-testid="diagnosis">
            <summary>What happened</summary>
            <dl>
              <dt>Cause</dt>
              <dd>
                <Text>{known.cause}</Text>
              </dd>
              <dt>Fix</dt>
              <dd>
                <Text>{known.fix}</Text>
              </dd>
            </dl>
          </details>
        ) : null}
        <p className="actions">
          <a className="button" href="/auth/signin" data-testid="sign-in-again">
            Sign in again
          </a>{" "}
          <a href="/">Home</a>
        </p>
      </div>
    </main>
  );
}
