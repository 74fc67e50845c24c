import type { GroupList } from "@/lib/graph/types";
import { GroupFilter } from "./GroupFilter";

export const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many);

export function GroupsCard({ list }: { list: Pick<GroupList, "groups" | "total" | "truncated"> }) {
  return (
    <div className="card">
      <p>
        Member of <strong data-testid="groups-count">{list.total}</strong> {plural(list.total, "group")}
        {list.truncated ? " (showing the first ones only)" : ""}.
      </p>
      <GroupFilter groups={list.groups} />
    </div>
  );
}
