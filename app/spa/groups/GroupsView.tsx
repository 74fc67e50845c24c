"use client";
import type { GroupList } from "@/lib/graph/types";
import { useApi } from "@/lib/spa/use-api";
import { GroupsCard } from "@/app/components/GroupsCard";
import { LoadingCard } from "@/app/components/LoadingCard";
import { ProblemNotice } from "@/app/components/ProblemNotice";

export function GroupsView() {
  const { data, error } = useApi<GroupList>("/api/groups");
  if (error) return <ProblemNotice problem={error} retryHref="/groups" />;
  if (!data) return <LoadingCard />;
  return <GroupsCard list={data} />;
}
