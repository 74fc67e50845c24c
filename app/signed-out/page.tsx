export default function SignedOut() {
  return (
    <main>
      <h1>You are signed out</h1>
      <p>
        <a className="button" href="/auth/signin?returnTo=%2F">
          Sign in again
        </a>
      </p>
    </main>
  );
}
