"use client";
import type { PeoplePage } from "@/lib/graph/types";
import { useApi } from "@/lib/spa/use-api";
import { directoryHref, DirectoryResults, type DirectoryQuery } from "@/app/components/Directory";
import { LoadingCard } from "@/app/components/LoadingCard";
import { PageLoadBeacon } from "@/app/components/PageLoadBeacon";
import { ProblemNotice } from "@/app/components/ProblemNotice";

export function DirectoryView({ query }: { query: DirectoryQuery }) {
  const params = new URLSearchParams({ q: query.q });
  if (query.page) params.set("page", query.page);
  const { data, error } = useApi<PeoplePage>(`/api/directory?${params}`);
  if (!data && !error) return <LoadingCard />;
  return (
    <>
      {error ? <ProblemNotice problem={error} retryHref={directoryHref(query.q, query.page, query.trail)} /> : <DirectoryResults query={query} result={data!} />}
      <PageLoadBeacon page="directory" mode="spa" problem={error} />
    </>
  );
}
