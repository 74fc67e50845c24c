import Link from "next/link";
import { getCurrentUser } from "@/lib/auth";
import { getConfig } from "@/lib/config";
import { mayDiagnose } from "@/lib/diagnose/access";
import { TASKS_PAGE } from "@/lib/tasks/page";
import { HEADER_ACCOUNT_SLOT } from "./header-slot";
import { SignOutForm } from "./SignOutForm";

export async function Header() {
  const user = await getCurrentUser();
  return (
    <header className="top">
      <nav>
        <strong style={{ marginRight: 24 }}>Entra dual-mode app</strong>
        <Link href="/">Home</Link>
        <Link href="/profile" prefetch={false}>Profile</Link>
        <Link href="/directory" prefetch={false}>Directory</Link>
        <Link href="/groups" prefetch={false}>Groups</Link>
        <Link href={TASKS_PAGE.path} prefetch={false}>{TASKS_PAGE.navLabel}</Link>
        {user && mayDiagnose(getConfig(), user.roles) ? (
          <Link href="/diagnostics" prefetch={false} data-testid="nav-diagnostics">
            Diagnostics
          </Link>
        ) : null}
      </nav>
      {/* An SPA page signed in only in its tab (no server session) shows that account here instead (TabAccount). */}
      <div id={HEADER_ACCOUNT_SLOT} className="header-account">
        {user ? (
          <SignOutForm>
            <span data-testid="signed-in-user" title={user.username}>
              {user.name}
            </span>
          </SignOutForm>
        ) : (
          <a className="button server-sign-in" href="/auth/signin?returnTo=%2F" data-testid="header-sign-in">
            Sign in
          </a>
        )}
      </div>
    </header>
  );
}
