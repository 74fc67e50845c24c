import { forbidden } from "next/navigation";
import { requireUser } from "@/lib/session";
import { loadAsUser } from "@/lib/api/page";
import { authorizeUser, directoryAdminPolicy } from "@/lib/bearer";
import { isPageToken, listDisabledUsers, type DisabledUsersPage } from "@/lib/graph";
import { AdminNav } from "@/app/components/AdminNav";
import { ProblemNotice } from "@/app/components/ProblemNotice";

export const dynamic = "force-dynamic";
export const metadata = { title: "Disabled accounts" };

const PATH = "/admin/disabled-users";

// The user is authorized by app role here; Graph is then read with the backend's own application
// permission (User.Read.All), which no user's delegated consent grants.
export default async function DisabledUsersPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  await requireUser(PATH);
  const { page } = await searchParams;
  const pageToken = typeof page === "string" && isPageToken(page) ? page : null;
  const returnTo = pageToken ? `${PATH}?page=${pageToken}` : PATH;
  const result = await loadAsUser(returnTo, async (caller) => {
    authorizeUser(caller, directoryAdminPolicy());
    return listDisabledUsers(pageToken);
  });
  // Outside loadAsUser: forbidden() throws, and a catch there would swallow it.
  if (!result.ok && result.problem.code === "ERR_FORBIDDEN") forbidden();
  return (
    <main>
      <AdminNav current={PATH} />
      <h1>Disabled accounts</h1>
      <p className="muted">
        Accounts whose sign-in is blocked (accountEnabled = false), read with the app&apos;s own Graph permission.
      </p>
      {result.ok ? (
        <DisabledUsers page={result.data} pageToken={pageToken} />
      ) : (
        <ProblemNotice problem={result.problem} retryHref={returnTo} />
      )}
    </main>
  );
}

/** One page of disabled accounts, with the way to the next page and back to the first. */
function DisabledUsers({ page, pageToken }: { page: DisabledUsersPage; pageToken: string | null }) {
  return (
    <div className="card">
      {page.items.length === 0 ? (
        <p data-testid="disabled-empty">No disabled accounts.</p>
      ) : (
        <table className="stack" data-testid="disabled-users">
          <thead>
            <tr>
              <th>Name</th>
              <th>User principal name</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((u) => (
              <tr key={u.id}>
                <td data-label="Name">{u.displayName}</td>
                <td data-label="User name">{u.userPrincipalName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="pager">
        {pageToken ? (
          <a className="button button-secondary" href={PATH}>
            First page
          </a>
        ) : null}{" "}
        {page.nextPage ? (
          <a className="button button-secondary" href={`${PATH}?page=${page.nextPage}`} data-testid="next-page">
            Next page
          </a>
        ) : null}
      </p>
    </div>
  );
}
