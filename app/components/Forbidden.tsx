import type { ReactNode } from "react";

/** The body of a 403 page (Next's forbidden.tsx files): what is missing and a way home. */
export function Forbidden({ children }: { children: ReactNode }) {
  return (
    <main>
      <h1>403: not allowed</h1>
      <div className="card" role="alert" data-testid="forbidden">
        <p className="error">{children}</p>
        <p>
          <a className="button" href="/">
            Home
          </a>
        </p>
      </div>
    </main>
  );
}
