import { forbidden } from "next/navigation";
import { requireUser } from "@/lib/session";
import { loadAsUser } from "@/lib/api/page";
import { authorizeUser, directoryAdminPolicy } from "@/lib/bearer";
import { getConfig } from "@/lib/config";
import { healthTotals } from "@/lib/health";
import { rolloutRuntime } from "@/lib/rollout";
import { describeRollout } from "@/lib/rollout/describe";
import { PAGE_NAMES as PAGES } from "@/lib/pages";
import { AdminNav } from "@/app/components/AdminNav";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { PageRollout } from "./PageRollout";

export const dynamic = "force-dynamic";
export const metadata = { title: "Page migration" };

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
      <AdminNav current={PATH} />
      <h1>Page migration</h1>
      <p className="lead">
        Who gets each page in SPA mode, and how each mode is doing over the last 24 hours: widen the rollout when SPA
        mode does at least as well, roll it back when it does not.
      </p>
      <section className="card" data-testid="flags-file" aria-labelledby="flags-file-title">
        <h2 id="flags-file-title">Flags file</h2>
        {path ? (
          <p>
            <code className="wrap-anywhere">{path}</code>
            {current ? `, loaded ${new Date(current.loadedAt).toISOString()}` : ""}. Edits take effect within 5 seconds.
          </p>
        ) : (
          <p>No flags file (FEATURE_FLAGS_FILE): pages follow SPA_PAGES, else server mode.</p>
        )}
        {error ? (
          <p className="error wrap-anywhere" data-testid="flags-file-error">
            {error.message}.{" "}
            {current
              ? "The definitions loaded before stay in force."
              : "Every page keeps server mode until it is fixed."}
          </p>
        ) : null}
      </section>
      {PAGES.map((page) => (
        <PageRollout
          key={page}
          page={page}
          rollout={describeRollout(page, file.definitions.flags.get(page), getConfig().flags)}
          health={totals[page]}
        />
      ))}
    </main>
  );
}
