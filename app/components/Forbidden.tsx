import { getConfig } from "@/lib/config";

/**
 * The body of a 403 page (Next's forbidden.tsx files): what the person can do, in plain words, and a way
 * home; the app role that is missing and where it is assigned sit behind "Details for your administrator".
 */
export function Forbidden({ what, roleFor }: { what: string; roleFor: string }) {
  const role = getConfig().entra.backend.roles.directoryAdmin;
  return (
    <main>
      <h1>You don&apos;t have access to this page</h1>
      <div className="card notice" role="alert" data-tone="error" data-testid="forbidden">
        <p>{what} Ask an administrator of this app for access, then sign out and sign in again.</p>
        <details className="admin-details" data-testid="admin-details">
          <summary>Details for your administrator</summary>
          <p data-testid="forbidden-details">
            {roleFor} needs the <code>{role}</code> app role on the API: Entra admin center → Enterprise applications →
            the API → Users and groups → Add user/group.
          </p>
        </details>
        <p className="actions">
          <a className="button" href="/">
            Home
          </a>
        </p>
      </div>
    </main>
  );
}
