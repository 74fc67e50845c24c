import { PageHeader } from "@/app/components/PageHeader";
import { GroupsView } from "./GroupsView";
import { PAGES } from "@/lib/pages";

export const metadata = { title: PAGES.groups.title };

export default function SpaGroupsPage() {
  return (
    <main>
      <PageHeader page="groups" mode="spa" />
      <GroupsView />
    </main>
  );
}
