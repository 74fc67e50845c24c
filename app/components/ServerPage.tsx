import { Suspense, type ReactNode } from "react";
import { loadAsUser } from "@/lib/api/page";
import type { UserCaller } from "@/lib/bearer";
import { pagePath, type PageName } from "@/lib/pages";
import { requireUser } from "@/lib/session";
import { PageHeader } from "./PageHeader";
import { PageLoadBeacon } from "./PageLoadBeacon";
import { ProblemNotice } from "./ProblemNotice";

interface DataArea<T> {
  page: PageName;
  /** The lib/graph call, as the session's user. */
  load: (caller: UserCaller) => Promise<T>;
  render: (data: T) => ReactNode;
}

/** A server-mode page's data area: its data or the problem (retried at `here`), and the load reported. */
export async function PageData<T>({ page, here, load, render }: DataArea<T> & { here: string }) {
  const result = await loadAsUser(here, load);
  return (
    <>
      {result.ok ? render(result.data) : <ProblemNotice problem={result.problem} retryHref={here} />}
      <PageLoadBeacon page={page} mode="server" problem={result.ok ? undefined : result.problem} />
    </>
  );
}

/**
 * A registered page in server mode at its own path, for a signed-in user. The heading and badge go out at
 * once; only the data area waits for Graph (streamed), showing `fallback` meanwhile.
 */
export async function serverPage<T>({ page, fallback, load, render }: DataArea<T> & { fallback: ReactNode }) {
  const here = pagePath(page);
  await requireUser(here);
  return (
    <main>
      <PageHeader page={page} mode="server" />
      <Suspense fallback={fallback}>
        <PageData page={page} here={here} load={load} render={render} />
      </Suspense>
    </main>
  );
}
