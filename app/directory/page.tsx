import { Suspense } from "react";
import { requireUser } from "@/lib/session";
import { isPageToken, searchPeople } from "@/lib/graph";
import { directoryHref, directoryQuery, DirectoryResults, DirectorySearchForm } from "@/app/components/Directory";
import { PageHeader } from "@/app/components/PageHeader";
import { PageData } from "@/app/components/ServerPage";
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
          <PageData
            page="directory"
            here={here}
            load={(caller) => searchPeople(caller, query.q, query.page)}
            render={(result) => <DirectoryResults query={query} result={result} />}
          />
        </Suspense>
      ) : null}
    </main>
  );
}
