import { Suspense } from "react";
import { requireUser } from "@/lib/session";
import { loadAsUser } from "@/lib/api/page";
import { isPageToken, searchPeople } from "@/lib/graph";
import {
  directoryHref,
  directoryQuery,
  DirectoryResults,
  DirectorySearchForm,
  type DirectoryQuery,
} from "@/app/components/Directory";
import { PageHeader } from "@/app/components/PageHeader";
import { PageLoadBeacon } from "@/app/components/PageLoadBeacon";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { ListSkeleton } from "@/app/components/Skeletons";
import { PAGES } from "@/lib/pages";

export const dynamic = "force-dynamic";
export const metadata = { title: PAGES.directory.title };

type Search = { q?: string; page?: string; trail?: string };

export default async function DirectoryPage({ searchParams }: { searchParams: Promise<Search> }) {
  const query = directoryQuery(await searchParams, isPageToken);
  const here = directoryHref(query.q, query.page, query.trail);
  await requireUser(query.q ? here : "/directory");
  return (
    <main>
      <PageHeader page="directory" mode="server" />
      <DirectorySearchForm q={query.q} />
      {query.q && !query.valid ? <p className="error">Search text cannot contain quotes.</p> : null}
      {query.valid ? (
        <Suspense key={here} fallback={<ListSkeleton shape="directory" />}>
          <DirectoryData query={query} here={here} />
        </Suspense>
      ) : null}
    </main>
  );
}

async function DirectoryData({ query, here }: { query: DirectoryQuery; here: string }) {
  const result = await loadAsUser(here, (caller) => searchPeople(caller, query.q, query.page));
  return (
    <>
      {result.ok ? (
        <DirectoryResults query={query} result={result.data} />
      ) : (
        <ProblemNotice problem={result.problem} retryHref={here} />
      )}
      <PageLoadBeacon page="directory" mode="server" problem={result.ok ? undefined : result.problem} />
    </>
  );
}
