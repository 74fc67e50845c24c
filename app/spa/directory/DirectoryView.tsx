"use client";
import type { PeoplePage } from "@/lib/graph/types";
import { useApi } from "@/lib/spa/use-api";
import { directoryHref, DirectoryResults, type DirectoryQuery } from "@/app/components/Directory";
import { PageLoadBeacon } from "@/app/components/PageLoadBeacon";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { ListSkeleton } from "@/app/components/Skeletons";
import { PAGES } from "@/lib/pages";

export function DirectoryView({ query }: { query: DirectoryQuery }) {
  const params = new URLSearchParams({ q: query.q });
  if (query.page) params.set("page", query.page);
  const { data, error, onContinue } = useApi<PeoplePage>(`${PAGES.directory.api}?${params}`);
  if (error)
    return (
      <>
        <ProblemNotice
          problem={error}
          retryHref={directoryHref(query.q, query.page, query.trail)}
          onContinue={onContinue}
        />
        <PageLoadBeacon page="directory" mode="spa" problem={error} />
      </>
    );
  if (!data) return <ListSkeleton shape="directory" />;
  return (
    <>
      <DirectoryResults query={query} result={data} />
      <PageLoadBeacon page="directory" mode="spa" />
    </>
  );
}
