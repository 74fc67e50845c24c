import Link from "next/link";

export const metadata = { title: "Page not found" };

// Any unknown address, inside the app's own layout (header, navigation) with a way on.
export default function NotFound() {
  return (
    <main>
      <h1>Page not found</h1>
      <div className="card" data-testid="not-found">
        <p>The page you asked for does not exist or has moved.</p>
        <p className="actions">
          <Link className="button" href="/" prefetch={false}>
            Go to the home page
          </Link>
        </p>
      </div>
    </main>
  );
}
