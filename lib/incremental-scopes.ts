// Graph permissions the app asks for only when a page first needs them (incremental consent), not in the
// first consent at sign-in. Pure: the consent route checks requested scopes against this list, so a link
// to /auth/consent can never be used to ask a user for anything else.
export const TASKS_SCOPE = "https://graph.microsoft.com/Tasks.ReadWrite";

export const INCREMENTAL_SCOPES: readonly string[] = [TASKS_SCOPE];

/** The scopes of a consent_required error that an incremental consent can grant, or [] when any is not one. */
export function incrementalOnly(scopes: readonly string[] | undefined): string[] {
  const list = scopes ?? [];
  return list.length > 0 && list.every((s) => INCREMENTAL_SCOPES.includes(s)) ? [...list] : [];
}
