import Link from "next/link";
import { getCurrentUser } from "@/lib/session";
import { PAGE_NAMES, PAGES, pagePath } from "@/lib/pages";
import { serializeModes } from "@/lib/rollout";
import { currentPageModes } from "@/lib/rollout/request";

export const dynamic = "force-dynamic";

const FEATURES = PAGE_NAMES.map((page) => ({ href: pagePath(page), ...PAGES[page].card }));

// The landing page: what the app does and how to start. Provider and mode details live on /diagnostics.
export default async function Home() {
  const user = await getCurrentUser();
  // The modes proxy.ts decided for this user, as a marker for support and tests (users see no mode text).
  const modes = serializeModes(await currentPageModes());
  return (
    <main>
      <h1>{user ? `Welcome back, ${user.name.split(" ")[0]}` : "Your organization at a glance"}</h1>
      <p className="lead">
        See your Microsoft 365 profile, look up colleagues, check your group memberships and keep your tasks, all with
        your work account.
      </p>
      {user ? null : (
        <p className="actions">
          <a className="button" href="/auth/signin?returnTo=%2F" data-testid="home-sign-in">
            Sign in
          </a>
          <span className="muted">with your work or school account</span>
        </p>
      )}
      <ul className="feature-list" data-testid="home-features" data-page-modes={modes}>
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
