"use client";
import { useEffect, useState } from "react";
import type { AppFacts } from "@/lib/diagnose";
import { apiScopes, type SpaHandoff, type SpaPublicConfig } from "@/lib/spa/config";
import { beforeSignOut } from "@/lib/spa/sign-out";
import { failed, signIn, type Status } from "./sign-in";

// One sign-in attempt per page load (effects may run twice in dev).
let started: Promise<Status> | undefined;
// Whether an SPA page is on screen, and whether the user clicked a link since it started signing in.
let mounts = 0;
let leaving = false;

function watchLeaving(): () => void {
  const onClick = (event: MouseEvent) => {
    if (event.target instanceof Element && event.target.closest("a[href]")) leaving = true;
  };
  document.addEventListener("click", onClick, true);
  return () => document.removeEventListener("click", onClick, true);
}

/** The tab's sign-in, started once on mount; a sign-out (in any tab) first clears this account's tokens. */
export function useSignIn(config: SpaPublicConfig, server: SpaHandoff | null, facts: AppFacts | undefined): Status {
  const [status, setStatus] = useState<Status>({ kind: "starting" });
  useEffect(() => {
    let live = true;
    mounts++;
    leaving = false;
    const stopWatching = watchLeaving();
    const run = () => {
      started ??= signIn(config, server, facts, () => mounts > 0 && !leaving).catch((err: unknown) =>
        failed(err, facts, apiScopes(config)),
      );
      void started.then((s) => {
        if (s.kind !== "abandoned") return live && setStatus(s);
        started = undefined;
        // Still on an SPA page (a client-side link to another one): sign in for the page the user chose.
        setTimeout(() => live && ((leaving = false), run()), 500);
      });
    };
    run();
    return () => {
      live = false;
      mounts--;
      stopWatching();
    };
    // The first props decide: later renders of the layout carry no spa_code and need no new sign-in.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once on mount: the first props decide (above)
  }, []);
  useEffect(() => {
    if (status.kind !== "ready") return;
    const { pca, account } = status;
    return beforeSignOut(() => pca.clearCache({ account }));
  }, [status]);
  return status;
}
