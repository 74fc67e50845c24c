"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { SPA_ROUTE_PREFIX } from "@/lib/mode-route";

export interface NavLink {
  href: string;
  label: string;
}

/** The header's links, the current page marked (aria-current) so every user knows where they are. */
export function NavLinks({ links }: { links: NavLink[] }) {
  // An SPA-mode page is rewritten to its twin under /spa (proxy.ts); the user is on the public path.
  const rendered = usePathname();
  const pathname = rendered.startsWith(`${SPA_ROUTE_PREFIX}/`) ? rendered.slice(SPA_ROUTE_PREFIX.length) : rendered;
  const current = (href: string) =>
    href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <ul className="nav-links">
      {links.map(({ href, label }) => (
        <li key={href}>
          <Link
            href={href}
            prefetch={false}
            aria-current={current(href) ? "page" : undefined}
            // The phone menu closes once a page is chosen (a client-side navigation keeps the header).
            onClick={(event) => event.currentTarget.closest("details")?.removeAttribute("open")}
          >
            {label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
