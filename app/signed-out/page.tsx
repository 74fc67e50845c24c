export const metadata = { title: "Signed out" };

export default function SignedOut() {
  return (
    <main>
      <h1>You are signed out</h1>
      <p className="lead">
        You have been signed out of this app in every tab. Sign in again to pick up where you left off.
      </p>
      <p>
        <a className="button" href="/auth/signin?returnTo=%2F">
          Sign in again
        </a>
      </p>
    </main>
  );
}
