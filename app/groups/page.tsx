import { Suspense } from "react";
import { requireUser } from "@/lib/session";
import { loadAsUser } from "@/lib/api/page";
import { getMyGroups } from "@/lib/graph";
import { GroupsCard } from "@/app/components/GroupsCard";
import { PageHeader } from "@/app/components/PageHeader";
import { PageLoadBeacon } from "@/app/components/PageLoadBeacon";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { ListSkeleton } from "@/app/components/Skeletons";
import { PAGES } from "@/lib/pages";

export const dynamic = "force-dynamic";
export const metadata = { title: PAGES.groups.title };

export default async function GroupsPage() {
  await requireUser("/groups");
  return (
    <main>
      <PageHeader page="groups" mode="server" />
      <Suspense fallback={<ListSkeleton shape="groups" />}>
        <GroupsData />
      </Suspense>
    </main>
  );
}

async function GroupsData() {
  const result = await loadAsUser("/groups", getMyGroups);
  return (
    <>
      {result.ok ? <GroupsCard list={result.data} /> : <ProblemNotice problem={result.problem} retryHref="/groups" />}
      <PageLoadBeacon page="groups" mode="server" problem={result.ok ? undefined : result.problem} />
    </>
  );
}
