import { requireUser } from "@/lib/auth";
import { loadAsUser } from "@/lib/api/page";
import { isPageToken, searchPeople } from "@/lib/graph";
import { ProblemNotice } from "@/app/components/ProblemNotice";

export const dynamic = "force-dynamic";

// Graph pages forward only, so "Previous" walks back a trail of earlier page tokens kept in the URL
// ("-" stands for the first page).
const MAX_TRAIL = 20;

type Search = { q?: string; page?: string; trail?: string };

function href(q: string, page: string | undefined, trail: string[]): string {
  const p = new URLSearchParams({ q });
  if (page) p.set("page", page);
  if (trail.length) p.set("trail", trail.join("."));
  return `/directory?${p}`;
}

export default async function DirectoryPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const q = (typeof sp.q === "string" ? sp.q : "").trim().slice(0, 64);
  const page = typeof sp.page === "string" && isPageToken(sp.page) ? sp.page : undefined;
  const trail = (typeof sp.trail === "string" ? sp.trail.split(".") : []).filter((t) => t === "-" || isPageToken(t)).slice(-MAX_TRAIL);
  const here = href(q, page, trail);
  await requireUser(q ? here : "/directory");
  const valid = q.length > 0 && !/["\\]/.test(q);
  const result = valid ? await loadAsUser(here, (caller) => searchPeople(caller, q, page)) : undefined;

  const prev = trail.length ? href(q, trail[trail.length - 1] === "-" ? undefined : trail[trail.length - 1], trail.slice(0, -1)) : undefined;
  const next = result?.ok && result.data.nextPage ? href(q, result.data.nextPage, [...trail, page ?? "-"].slice(-MAX_TRAIL)) : undefined;

  return (
    <main>
      <h1>Directory</h1>
      <form method="get" action="/directory" className="card" style={{ display: "flex", gap: 8 }}>
        <input name="q" defaultValue={q} maxLength={64} required placeholder="Search people by name or mail" aria-label="Search people" data-testid="directory-query" style={{ flex: 1, padding: 8 }} />
        <button className="button" type="submit">
          Search
        </button>
      </form>
      {q && !valid ? <p className="error">Search text cannot contain quotes.</p> : null}
      {result && !result.ok ? <ProblemNotice problem={result.problem} retryHref={here} /> : null}
      {result?.ok ? (
        <div className="card">
          {result.data.items.length === 0 ? (
            <p className="muted" data-testid="directory-empty">
              Nobody matches “{q}”.
            </p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Mail</th>
                  <th>Job title</th>
                  <th>Department</th>
                </tr>
              </thead>
              <tbody>
                {result.data.items.map((p) => (
                  <tr key={p.id} data-testid="directory-row">
                    <td>{p.displayName}</td>
                    <td>{p.mail ?? "—"}</td>
                    <td>{p.jobTitle ?? "—"}</td>
                    <td>{p.department ?? "—"}</td>
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
      ) : null}
    </main>
  );
}
