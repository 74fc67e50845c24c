import "server-only";
import { getConfig } from "@/lib/config";
import { mayDiagnose } from "@/lib/diagnose/access";
import type { SessionUser } from "./types";

// What the navigation offers a signed-in user. Display only: each page and route enforces its own rule
// (the admin policy, mayDiagnose) on the token itself.

/** The admin pages (/admin/*): the backend's Directory.Admin app role. */
export function isDirectoryAdmin(user: Pick<SessionUser, "roles">): boolean {
  return user.roles.includes(getConfig().entra.backend.roles.directoryAdmin);
}

/** /diagnostics: the same rule the page applies (lib/diagnose/access.ts, mayDiagnose). */
export function canOpenDiagnostics(user: Pick<SessionUser, "roles">): boolean {
  return mayDiagnose(getConfig(), user.roles);
}
