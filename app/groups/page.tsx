import { getMyGroups } from "@/lib/graph";
import { GroupsCard } from "@/app/components/GroupsCard";
import { serverPage } from "@/app/components/ServerPage";
import { ListSkeleton } from "@/app/components/Skeletons";
import { PAGES } from "@/lib/pages";

export const dynamic = "force-dynamic";
export const metadata = { title: PAGES.groups.title };

export default function GroupsPage() {
  return serverPage({
    page: "groups",
    fallback: <ListSkeleton shape="groups" />,
    load: getMyGroups,
    render: (list) => <GroupsCard list={list} />,
  });
}
