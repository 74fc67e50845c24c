import { isSearchText, PAGE_TOKEN_SHAPE, SEARCH_TEXT_MAX } from "@/lib/graph/input";
import { DIRECTORY_PAGE_SIZE, type PeoplePage } from "@/lib/graph/types";
import { FocusOnArrival } from "./FocusOnArrival";
import { plural } from "./GroupsCard";

// The directory search as both modes show it. Graph pages forward only, so "Previous" walks back a
// trail of earlier page tokens kept in the URL ("-" stands for the first page).

const MAX_TRAIL = 20;

export interface DirectoryQuery {
  q: string;
  page: string | undefined;
  trail: string[];
  valid: boolean;
}

type Search = { q?: string | string[]; page?: string | string[]; trail?: string | string[] };

export function directoryQuery(
  sp: Search,
  isPageToken: (v: string) => boolean = (v) => PAGE_TOKEN_SHAPE.test(v),
): DirectoryQuery {
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
  const q = (one(sp.q) ?? "").trim().slice(0, SEARCH_TEXT_MAX);
  const rawPage = one(sp.page);
  const page = rawPage && isPageToken(rawPage) ? rawPage : undefined;
  const trail = (one(sp.trail)?.split(".") ?? []).filter((t) => t === "-" || isPageToken(t)).slice(-MAX_TRAIL);
  return { q, page, trail, valid: isSearchText(q) };
}

export function directoryHref(q: string, page: string | undefined, trail: string[]): string {
  const p = new URLSearchParams({ q });
  if (page) p.set("page", page);
  if (trail.length) p.set("trail", trail.join("."));
  return `/directory?${p}`;
}

export function DirectorySearchForm({ q }: { q: string }) {
  return (
    <form method="get" action="/directory" className="card search-form" role="search">
      <input
        name="q"
        className="input"
        type="search"
        defaultValue={q}
        maxLength={SEARCH_TEXT_MAX}
        required
        placeholder="Search people by name or mail"
        aria-label="Search people"
        data-testid="directory-query"
      />
      <button className="button" type="submit">
        Search
      </button>
    </form>
  );
}

const RESULTS_ID = "directory-results";

/** "11–20 of 57": where this page sits in the results (the trail says how many pages came before). */
function position(query: DirectoryQuery, result: PeoplePage): string {
  const first = query.trail.length * DIRECTORY_PAGE_SIZE + 1;
  const last = first + result.items.length - 1;
  const range = result.items.length === 1 ? `${first}` : `${first}–${last}`;
  return result.total === undefined ? `Showing ${range}` : `Showing ${range} of ${result.total}`;
}

function PeopleTable({ people }: { people: PeoplePage["items"] }) {
  return (
    <table className="stack">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Mail</th>
          <th scope="col">Sign-in name</th>
        </tr>
      </thead>
      <tbody>
        {people.map((p) => (
          <tr key={p.id} data-testid="directory-row">
            <td data-label="Name">{p.displayName}</td>
            <td data-label="Mail">{p.mail ?? "—"}</td>
            <td data-label="Sign-in name">{p.userPrincipalName}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DirectoryResults({ query, result }: { query: DirectoryQuery; result: PeoplePage }) {
  const { q, page, trail } = query;
  const last = trail[trail.length - 1];
  const prev = trail.length ? directoryHref(q, last === "-" ? undefined : last, trail.slice(0, -1)) : undefined;
  const next = result.nextPage
    ? directoryHref(q, result.nextPage, [...trail, page ?? "-"].slice(-MAX_TRAIL))
    : undefined;
  const total = result.total ?? result.items.length;
  return (
    <section className="card" aria-labelledby={RESULTS_ID}>
      {/* After "Next" or "Previous" (links to #directory-results), focus lands here, not at the top of the page. */}
      <FocusOnArrival targetId={RESULTS_ID} />
      <div className="result-summary">
        <h2
          id={RESULTS_ID}
          tabIndex={-1}
          data-testid="directory-count"
          style={{ margin: 0, fontSize: "var(--fontSizeBase400)" }}
        >
          {result.items.length === 0
            ? `No people match “${q}”`
            : `${total} ${plural(total, "person matches", "people match")} “${q}”`}
        </h2>
        {result.items.length ? (
          <span className="muted" data-testid="directory-position">
            {position(query, result)}
          </span>
        ) : null}
      </div>
      {result.items.length === 0 ? (
        <p className="muted" data-testid="directory-empty">
          Try part of a first name, last name or mail address.
        </p>
      ) : (
        <PeopleTable people={result.items} />
      )}
      {prev || next ? (
        <nav className="pager" aria-label="Result pages">
          {prev ? (
            <a className="button button-secondary" href={`${prev}#${RESULTS_ID}`} data-testid="directory-prev">
              ← Previous
            </a>
          ) : null}
          {next ? (
            <a className="button button-secondary" href={`${next}#${RESULTS_ID}`} data-testid="directory-next">
              Next →
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
