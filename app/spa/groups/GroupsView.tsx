"use client";
import type { GroupList } from "@/lib/graph/types";
import { useApi } from "@/lib/spa/use-api";
import { GroupsCard } from "@/app/components/GroupsCard";
import { PageLoadBeacon } from "@/app/components/PageLoadBeacon";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { ListSkeleton } from "@/app/components/Skeletons";
import { PAGES } from "@/lib/pages";

export function GroupsView() {
  const { data, error, onContinue } = useApi<GroupList>(PAGES.groups.api);
  if (error)
    return (
      <>
        <ProblemNotice problem={error} retryHref="/groups" onContinue={onContinue} />
        <PageLoadBeacon page="groups" mode="spa" problem={error} />
      </>
    );
  if (!data) return <ListSkeleton shape="groups" />;
  return (
    <>
      <GroupsCard list={data} />
      <PageLoadBeacon page="groups" mode="spa" />
    </>
  );
}
