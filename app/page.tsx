import Link from "next/link";
import { getCurrentUser } from "@/lib/session";
import { TASKS_PAGE } from "@/lib/tasks/page";

export const dynamic = "force-dynamic";

const FEATURES = [
  { href: "/profile", title: "Your profile", text: "Your name, job title, office and photo, as your organization has them." },
  { href: "/directory", title: "People directory", text: "Find anyone in your organization by name or email." },
  { href: "/groups", title: "Your groups", text: "Every group you belong to, with a filter for long lists." },
  { href: TASKS_PAGE.path, title: "Your tasks", text: "Your Microsoft To Do lists: add, rename, complete and delete tasks." },
] as const;

// The landing page: what the app does and how to start. Provider and mode details live on /diagnostics.
export default async function Home() {
  const user = await getCurrentUser();
  return (
    <main>
      <h1>{user ? `Welcome back, ${user.name.split(" ")[0]}` : "Your organization at a glance"}</h1>
      <p className="lead">See your Microsoft 365 profile, look up colleagues and check your group memberships, all with your work account.</p>
      {user ? null : (
        <p className="actions">
          <a className="button" href="/auth/signin?returnTo=%2F" data-testid="home-sign-in">
            Sign in
          </a>
          <span className="muted">with your work or school account</span>
        </p>
      )}
      <ul className="feature-list">
        {FEATURES.map((f) => (
          <li key={f.href}>
            <div className="card">
              <h2>
                <Link href={f.href} prefetch={false}>
                  {f.title}
                </Link>
              </h2>
              <p className="muted">{f.text}</p>
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}
