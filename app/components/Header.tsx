import Link from "next/link";
import { PAGE_NAMES, PAGES, pagePath } from "@/lib/pages";
import { canOpenDiagnostics, getCurrentUser, isDirectoryAdmin, type SessionUser } from "@/lib/session";
import { ADMIN_HOME } from "./AdminNav";
import { Avatar } from "./Avatar";
import { APP_NAME } from "./brand";
import { HEADER_ACCOUNT_SLOT } from "./header-slot";
import { NavLinks, type NavLink } from "./NavLinks";
import { SignOutForm } from "./SignOutForm";

/** What this user may open: the admin page for admins, Diagnostics for those the page admits. */
function linksFor(user: SessionUser | null): NavLink[] {
  const links: NavLink[] = [
    { href: "/", label: "Home" },
    ...PAGE_NAMES.map((page) => ({ href: pagePath(page), label: PAGES[page].nav })),
  ];
  if (user && isDirectoryAdmin(user)) links.push({ href: ADMIN_HOME, label: "Admin" });
  if (user && canOpenDiagnostics(user)) links.push({ href: "/diagnostics", label: "Diagnostics" });
  return links;
}

// One navigation, drawn twice: a bar from 48rem up, a menu (<details>: works before any script runs)
// below it. The hidden one is display:none, so assistive technology and tests see one.
export async function Header() {
  const user = await getCurrentUser();
  const links = linksFor(user);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="top">
        <div className="top-inner">
          <details className="nav-menu">
            <summary>Menu</summary>
            <nav aria-label="Main">
              <NavLinks links={links} />
            </nav>
          </details>
          <Link href="/" className="brand" prefetch={false}>
            {APP_NAME}
          </Link>
          <nav className="nav-desktop" aria-label="Main">
            <NavLinks links={links} />
          </nav>
          {/* An SPA page signed in only in its tab (no server session) shows that account here instead (TabAccount). */}
          <div id={HEADER_ACCOUNT_SLOT} className="header-account">
            {user ? (
              <SignOutForm>
                <span className="account" title={user.username}>
                  <Avatar name={user.name} />
                  <span className="account-name" data-testid="signed-in-user">
                    {user.name}
                  </span>
                </span>
              </SignOutForm>
            ) : (
              <a className="button server-sign-in" href="/auth/signin?returnTo=%2F" data-testid="header-sign-in">
                Sign in
              </a>
            )}
          </div>
        </div>
      </header>
    </>
  );
}
