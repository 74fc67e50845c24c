import { getConfig } from "@/lib/config";
import { appFacts } from "@/lib/diagnose";
import { authErrorView } from "@/lib/diagnose/auth-error-view";
import { DiagnosisDetails, Text } from "@/app/components/DiagnosisDetails";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign-in problem" };

// NextAuth's error page (pages.error / pages.signIn in auth.ts). An Entra refusal arrives with its AADSTS
// code, a "Configuration" error with the cause recorded while it happened (lib/diagnose/auth-error.ts);
// only the app's own texts are shown, whatever the query says (lib/diagnose/auth-error-view.ts).
export default async function AuthErrorPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const view = authErrorView(await searchParams, appFacts(getConfig()));
  const title =
    view.kind === "diagnosis" ? view.diagnosis.title : view.kind === "explained" ? view.explanation.title : view.title;
  return (
    <main>
      <h1>Sign-in problem</h1>
      <div
        className="card notice"
        data-tone="error"
        role="alert"
        data-testid="auth-error"
        data-kind={view.kind}
        data-code={view.kind === "diagnosis" ? view.diagnosis.code : ""}
      >
        <p className="error">{title}</p>
        {view.kind === "diagnosis" ? (
          <DiagnosisDetails diagnosis={view.diagnosis} />
        ) : view.kind === "explained" ? (
          <details className="diagnosis" data-testid="diagnosis">
            <summary>Details for your administrator</summary>
            <dl>
              <dt>Cause</dt>
              <dd data-testid="diagnosis-cause">
                <Text>{view.explanation.cause}</Text>
              </dd>
              <dt>Fix</dt>
              <dd data-testid="diagnosis-fix">
                <Text>{view.explanation.fix}</Text>
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
