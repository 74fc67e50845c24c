import type { PeoplePage } from "@/lib/graph/types";

// The directory search as both modes show it. Graph pages forward only, so "Previous" walks back a
// trail of earlier page tokens kept in the URL ("-" stands for the first page).

const MAX_TRAIL = 20;
const PAGE_TOKEN = /^[A-Za-z0-9_-]{1,2048}$/; // the shape lib/graph hands out; the API re-validates

export interface DirectoryQuery {
  q: string;
  page: string | undefined;
  trail: string[];
  valid: boolean;
}

type Search = { q?: string | string[]; page?: string | string[]; trail?: string | string[] };

export function directoryQuery(sp: Search, isPageToken: (v: string) => boolean = (v) => PAGE_TOKEN.test(v)): DirectoryQuery {
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
  const q = (one(sp.q) ?? "").trim().slice(0, 64);
  const rawPage = one(sp.page);
  const page = rawPage && isPageToken(rawPage) ? rawPage : undefined;
  const trail = (one(sp.trail)?.split(".") ?? []).filter((t) => t === "-" || isPageToken(t)).slice(-MAX_TRAIL);
  return { q, page, trail, valid: q.length > 0 && !/["\\]/.test(q) };
}

export function directoryHref(q: string, page: string | undefined, trail: string[]): string {
  const p = new URLSearchParams({ q });
  if (page) p.set("page", page);
  if (trail.length) p.set("trail", trail.join("."));
  return `/directory?${p}`;
}

export function DirectorySearchForm({ q }: { q: string }) {
  return (
    <form method="get" action="/directory" className="card" style={{ display: "flex", gap: 8 }}>
      <input name="q" defaultValue={q} maxLength={64} required placeholder="Search people by name or mail" aria-label="Search people" data-testid="directory-query" style={{ flex: 1, padding: 8 }} />
      <button className="button" type="submit">
        Search
      </button>
    </form>
  );
}

export function DirectoryResults({ query, result }: { query: DirectoryQuery; result: PeoplePage }) {
  const { q, page, trail } = query;
  const last = trail[trail.length - 1];
  const prev = trail.length ? directoryHref(q, last === "-" ? undefined : last, trail.slice(0, -1)) : undefined;
  const next = result.nextPage ? directoryHref(q, result.nextPage, [...trail, page ?? "-"].slice(-MAX_TRAIL)) : undefined;
  return (
    <div className="card">
      {result.items.length === 0 ? (
        <p className="muted" data-testid="directory-empty">
          Nobody matches “{q}”.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Mail</th>
              <th>Sign-in name</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((p) => (
              <tr key={p.id} data-testid="directory-row">
                <td>{p.displayName}</td>
                <td>{p.mail ?? "—"}</td>
                <td>{p.userPrincipalName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p style={{ display: "flex", gap: 12 }}>
        {prev ? (
          <a href={prev} data-testid="directory-prev">
            ← Previous
          </a>
        ) : null}
        {next ? (
          <a href={next} data-testid="directory-next">
            Next →
          </a>
        ) : null}
      </p>
    </div>
  );
}
