// The emulated directory: one tenant, its users, groups and app registrations, read from a JSON file
// shaped like the Entra application manifest (config-schema.ts) so that what works here maps 1:1 onto a
// real tenant.
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import type { z } from "zod";
import { fileSchema, type application, type group, type optionalClaim, type user } from "./config-schema.ts";
import { withGraphCatalogue } from "./graph-catalogue.ts";

export type EmulatorFile = z.infer<typeof fileSchema>;
export type Application = z.infer<typeof application>;
export type OptionalClaim = z.infer<typeof optionalClaim>;
export type User = z.infer<typeof user> & { groupIds: string[] };
export type Group = z.infer<typeof group>;
export type SeedGrant = EmulatorFile["grants"][number];
export type SeedAppRoleAssignment = EmulatorFile["appRoleAssignments"][number];

export interface EmulatorConfig {
  tenant: EmulatorFile["tenant"];
  users: User[];
  groups: Group[];
  applications: Application[];
  grants: SeedGrant[];
  appRoleAssignments: SeedAppRoleAssignment[];
  managedIdentities: EmulatorFile["managedIdentities"];
  managedIdentityHeader: string;
}

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** Name-based GUID (SHA-1), so generated users and groups keep their ids across restarts. */
export function stableGuid(name: string): string {
  const h = createHash("sha1").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const FIRST = [
  "Ava",
  "Ben",
  "Chloe",
  "Diego",
  "Elena",
  "Farah",
  "Gus",
  "Hana",
  "Ivan",
  "Jade",
  "Kofi",
  "Lena",
  "Milo",
  "Nora",
  "Omar",
  "Priya",
];
const LAST = [
  "Adams",
  "Brooks",
  "Chen",
  "Diaz",
  "Evans",
  "Fischer",
  "Garcia",
  "Haddad",
  "Ito",
  "Jensen",
  "Khan",
  "Lopez",
];
const DEPARTMENTS = ["Engineering", "Sales", "Finance", "Marketing", "Operations"];

export function loadConfig(path: string): EmulatorConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`emulator: cannot read tenant file ${path}: ${(err as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`emulator: ${path} is not a valid tenant file:\n${issues}`);
  }
  return resolve(parsed.data);
}

function resolve(file: EmulatorFile): EmulatorConfig {
  const domain = file.tenant.domains[0];
  const groups = [...file.groups];
  const byName = new Map(groups.map((g) => [g.displayName.toLowerCase(), g.id]));
  const groupId = (ref: string) => {
    const id = byName.get(ref.toLowerCase()) ?? groups.find((g) => g.id === ref)?.id;
    if (!id) throw new Error(`emulator: user is member of unknown group '${ref}'`);
    return id;
  };
  const users: User[] = file.users.map((u) => {
    const groupIds = u.memberOf.map(groupId);
    if (u.generatedGroups) {
      for (let i = 1; i <= u.generatedGroups.count; i++) {
        const displayName = `${u.generatedGroups.prefix} ${String(i).padStart(3, "0")}`;
        let id = byName.get(displayName.toLowerCase());
        if (!id) {
          id = stableGuid(`group:${displayName}`);
          groups.push({ id, displayName, securityEnabled: true });
          byName.set(displayName.toLowerCase(), id);
        }
        groupIds.push(id);
      }
    }
    return { ...u, groupIds };
  });
  for (let i = 0; i < (file.generatedUsers?.count ?? 0); i++) {
    const givenName = FIRST[i % FIRST.length];
    const surname = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const alias = `${givenName}.${surname}${i >= FIRST.length * LAST.length ? i : ""}`.toLowerCase();
    users.push({
      oid: stableGuid(`user:${alias}`),
      userPrincipalName: `${alias}@${domain}`,
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      mail: `${alias}@${domain}`,
      jobTitle: i % 3 === 0 ? "Engineer" : i % 3 === 1 ? "Analyst" : "Manager",
      department: DEPARTMENTS[i % DEPARTMENTS.length],
      password: file.generatedUsers!.password,
      isAdmin: false,
      mfaRequired: false,
      accountEnabled: true,
      photo: false,
      memberOf: [],
      groupIds: [],
    });
  }
  return {
    tenant: file.tenant,
    users,
    groups,
    applications: file.applications.map((a) => (a.appId === GRAPH_APP_ID ? withGraphCatalogue(a) : a)),
    grants: file.grants,
    appRoleAssignments: file.appRoleAssignments,
    managedIdentities: file.managedIdentities,
    managedIdentityHeader: file.managedIdentityHeader,
  };
}
