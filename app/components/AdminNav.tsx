const ADMIN_PAGES = [
  { href: "/admin/disabled-users", label: "Disabled accounts" },
  { href: "/migration", label: "Page migration" },
] as const;

/** The admin pages link to each other; the header's Admin link leads to the first. */
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
