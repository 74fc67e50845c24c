import { directoryQuery, DirectorySearchForm } from "@/app/components/Directory";
import { PageHeader } from "@/app/components/PageHeader";
import { isPageToken } from "@/lib/graph";
import { DirectoryView } from "./DirectoryView";
import { PAGES } from "@/lib/pages";

type Search = { q?: string; page?: string; trail?: string };

export const metadata = { title: PAGES.directory.title };

export default async function SpaDirectoryPage({ searchParams }: { searchParams: Promise<Search> }) {
  const query = directoryQuery(await searchParams, isPageToken);
  return (
    <main>
      <PageHeader page="directory" mode="spa" />
      <DirectorySearchForm q={query.q} />
      {query.q && !query.valid ? <p className="error">Search text cannot contain quotes.</p> : null}
      {query.valid ? <DirectoryView query={query} /> : null}
    </main>
  );
}
