"use client";
import { useEffect } from "react";

// A page that failed to render, inside the app layout: a plain sentence, a retry, and the digest (the id
// Next logs beside the server error) for an administrator. Never the error's message or stack.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    document.title = "Something went wrong";
  }, []);
  return (
    <main>
      <h1>Something went wrong</h1>
      <div className="card notice" role="alert" data-tone="error" data-testid="error-page">
        <p className="notice-title">This page could not be shown. Please try again.</p>
        <p className="actions">
          <button className="button" type="button" onClick={reset}>
            Try again
          </button>
          <a href="/">Home</a>
        </p>
        {error.digest ? (
          <details className="admin-details">
            <summary>Details for your administrator</summary>
            <p>
              Error id <code>{error.digest}</code> (in the server log).
            </p>
          </details>
        ) : null}
      </div>
    </main>
  );
}
