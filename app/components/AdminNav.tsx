const ADMIN_PAGES = [
  { href: "/admin/disabled-users", label: "Disabled accounts" },
  { href: "/migration", label: "Page migration" },
] as const;

/** Where the header's Admin link leads. */
export const ADMIN_HOME = ADMIN_PAGES[0].href;

/** The admin pages link to each other. */
export function AdminNav({ current }: { current: (typeof ADMIN_PAGES)[number]["href"] }) {
  return (
    <nav aria-label="Administration" className="subnav" data-testid="admin-nav">
      {ADMIN_PAGES.map((p) => (
        <a key={p.href} href={p.href} aria-current={p.href === current ? "page" : undefined}>
          {p.label}
        </a>
      ))}
    </nav>
  );
}
