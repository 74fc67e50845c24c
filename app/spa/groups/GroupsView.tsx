"use client";
import type { GroupList } from "@/lib/graph/types";
import { useApi } from "@/lib/spa/use-api";
import { GroupsCard } from "@/app/components/GroupsCard";
import { LoadingCard } from "@/app/components/LoadingCard";
import { PageLoadBeacon } from "@/app/components/PageLoadBeacon";
import { ProblemNotice } from "@/app/components/ProblemNotice";

export function GroupsView() {
  const { data, error } = useApi<GroupList>("/api/groups");
  if (!data && !error) return <LoadingCard />;
  return (
    <>
      {error ? <ProblemNotice problem={error} retryHref="/groups" /> : <GroupsCard list={data!} />}
      <PageLoadBeacon page="groups" mode="spa" problem={error} />
    </>
  );
}
