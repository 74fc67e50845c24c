import type { ReactNode } from "react";

/** The body of a 403 page (Next's forbidden.tsx files): what is missing and a way home. */
export function Forbidden({ children }: { children: ReactNode }) {
  return (
    <main>
      <h1>You don&apos;t have access to this page</h1>
      <div className="card notice" role="alert" data-tone="error" data-testid="forbidden">
        <p>{children}</p>
        <p className="actions">
          <a className="button" href="/">
            Home
          </a>
        </p>
      </div>
    </main>
  );
}
