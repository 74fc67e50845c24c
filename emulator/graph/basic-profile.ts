// User.ReadBasic.All reads only other users' basic profile: Graph answers the other properties as null
// (businessPhones as []), whatever $select asks for. The signed-in user's own profile, and callers with a
// full-profile permission (User.Read.All and up, or any application permission that reaches /users), see all.
import type { User } from "../config.ts";
import type { Caller } from "./verify.ts";

const BASIC = new Set(["id", "displayName", "givenName", "surname", "mail", "userPrincipalName"]);
const FULL_PROFILE = [
  "User.Read.All",
  "User.ReadWrite.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
  "Directory.AccessAsUser.All",
];

/** `record` (a projected user) as `caller` may read it. */
export function readableProfile(
  caller: Caller,
  subject: User,
  record: Record<string, unknown>,
): Record<string, unknown> {
  if (caller.kind !== "delegated" || caller.user.oid === subject.oid || FULL_PROFILE.some((p) => caller.scopes.has(p)))
    return record;
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [
      k,
      BASIC.has(k) || k.startsWith("@odata") ? v : k === "businessPhones" ? [] : null,
    ]),
  );
}
