import type { GroupList } from "@/lib/graph/types";

export function GroupsCard({ list }: { list: Pick<GroupList, "groups" | "total" | "truncated"> }) {
  return (
    <div className="card">
      <p>
        Member of <strong data-testid="groups-count">{list.total}</strong> groups
        {list.truncated ? " (showing the first ones only)" : ""}.
      </p>
      <ul>
        {list.groups.map((g) => (
          <li key={g.id} data-testid="group-row">
            {g.displayName}
          </li>
        ))}
      </ul>
    </div>
  );
}
