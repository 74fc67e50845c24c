import { directoryQuery, DirectorySearchForm } from "@/app/components/Directory";
import { ModeBadge } from "@/app/components/ModeBadge";
import { isPageToken } from "@/lib/graph";
import { DirectoryView } from "./DirectoryView";

type Search = { q?: string; page?: string; trail?: string };

export const metadata = { title: "Directory" };

export default async function SpaDirectoryPage({ searchParams }: { searchParams: Promise<Search> }) {
  const query = directoryQuery(await searchParams, isPageToken);
  return (
    <main>
      <h1>Directory</h1>
      <ModeBadge page="directory" mode="spa" />
      <DirectorySearchForm q={query.q} />
      {query.q && !query.valid ? <p className="error">Search text cannot contain quotes.</p> : null}
      {query.valid ? <DirectoryView query={query} /> : null}
    </main>
  );
}
