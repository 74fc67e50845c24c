import { requireUser } from "@/lib/auth";
import { loadAsUser } from "@/lib/api/page";
import { isPageToken, searchPeople } from "@/lib/graph";
import { directoryHref, directoryQuery, DirectoryResults, DirectorySearchForm } from "@/app/components/Directory";
import { ModeBadge } from "@/app/components/ModeBadge";
import { PageLoadBeacon } from "@/app/components/PageLoadBeacon";
import { ProblemNotice } from "@/app/components/ProblemNotice";

export const dynamic = "force-dynamic";

type Search = { q?: string; page?: string; trail?: string };

export default async function DirectoryPage({ searchParams }: { searchParams: Promise<Search> }) {
  const query = directoryQuery(await searchParams, isPageToken);
  const here = directoryHref(query.q, query.page, query.trail);
  await requireUser(query.q ? here : "/directory");
  const result = query.valid ? await loadAsUser(here, (caller) => searchPeople(caller, query.q, query.page)) : undefined;
  return (
    <main>
      <h1>Directory</h1>
      <ModeBadge page="directory" mode="server" />
      <DirectorySearchForm q={query.q} />
      {query.q && !query.valid ? <p className="error">Search text cannot contain quotes.</p> : null}
      {result && !result.ok ? <ProblemNotice problem={result.problem} retryHref={here} /> : null}
      {result?.ok ? <DirectoryResults query={query} result={result.data} /> : null}
      {result ? <PageLoadBeacon page="directory" mode="server" problem={result.ok ? undefined : result.problem} /> : null}
    </main>
  );
}
