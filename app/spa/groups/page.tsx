import { ModeBadge } from "@/app/components/ModeBadge";
import { GroupsView } from "./GroupsView";

export const metadata = { title: "My groups" };

export default function SpaGroupsPage() {
  return (
    <main>
      <h1>My groups</h1>
      <ModeBadge page="groups" mode="spa" />
      <GroupsView />
    </main>
  );
}
