import { forbidden } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { loadAsUser } from "@/lib/api/page";
import { authorizeUser, directoryAdminPolicy } from "@/lib/auth/policy";
import { getConfig } from "@/lib/config";
import { healthTotals } from "@/lib/health";
import { rolloutRuntime } from "@/lib/rollout";
import { describeRollout } from "@/lib/rollout/describe";
import { PAGES } from "@/lib/rollout/pages";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { PageRollout } from "./PageRollout";

export const dynamic = "force-dynamic";

const PATH = "/migration";

// For the team moving pages to SPA mode (admins only: the backend's admin app role): each page's rollout
// and each mode's health, so SPA mode can be widened when it does at least as well, or rolled back.
export default async function MigrationPage() {
  await requireUser(PATH);
  const access = await loadAsUser(PATH, async (caller) => authorizeUser(caller, directoryAdminPolicy()));
  if (!access.ok && access.problem.code === "ERR_FORBIDDEN") forbidden(); // outside loadAsUser: it throws
  if (!access.ok) return <ProblemNotice problem={access.problem} retryHref={PATH} />;
  const { file } = rolloutRuntime();
  await file.ready;
  const { path, current, error } = file.status;
  const totals = await healthTotals();
  return (
    <main>
      <h1>Page migration</h1>
      <div className="card" data-testid="flags-file">
        {path ? (
          <p>
            Flags from <code>{path}</code>
            {current ? `, loaded ${new Date(current.loadedAt).toISOString()}` : ""}. Edits take effect within 5 seconds.
          </p>
        ) : (
          <p>No flags file (FEATURE_FLAGS_FILE): pages follow SPA_PAGES, else server mode.</p>
        )}
        {error ? (
          <p className="error" data-testid="flags-file-error">
            {error.message}. {current ? "The definitions loaded before stay in force." : "Every page keeps server mode until it is fixed."}
          </p>
        ) : null}
      </div>
      {PAGES.map((page) => (
        <PageRollout key={page} page={page} rollout={describeRollout(page, file.definitions.flags.get(page), getConfig().flags)} health={totals[page]} />
      ))}
    </main>
  );
}
