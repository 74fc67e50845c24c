import { requireUser } from "@/lib/auth";
import { loadAsUser } from "@/lib/api/page";
import { getMyGroups } from "@/lib/graph";
import { ProblemNotice } from "@/app/components/ProblemNotice";

export const dynamic = "force-dynamic";

export default async function GroupsPage() {
  await requireUser("/groups");
  const result = await loadAsUser("/groups", getMyGroups);
  return (
    <main>
      <h1>My groups</h1>
      {result.ok ? (
        <div className="card">
          <p>
            Member of <strong data-testid="groups-count">{result.data.total}</strong> groups
            {result.data.truncated ? " (showing the first ones only)" : ""}.
          </p>
          <ul>
            {result.data.groups.map((g) => (
              <li key={g.id} data-testid="group-row">
                {g.displayName}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ProblemNotice problem={result.problem} retryHref="/groups" />
      )}
    </main>
  );
}
