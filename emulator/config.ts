// The emulated directory: one tenant, its users, groups and app registrations, read from a JSON file
// shaped like the Entra application manifest so that what works here maps 1:1 onto a real tenant.
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { z } from "zod";
import { withGraphCatalogue } from "./graph-catalogue.ts";

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "a GUID");

const permissionScope = z.object({
  id: uuid,
  value: z.string(),
  adminConsentRequired: z.boolean().default(false),
  displayName: z.string().optional(),
});

const appRole = z.object({
  id: uuid,
  value: z.string(),
  displayName: z.string().optional(),
  allowedMemberTypes: z.array(z.enum(["Application", "User"])),
});

const keyCredential = z.union([
  // The emulator creates the key pair on first start under its state folder (certs/<generate>.{key,crt}).
  z.object({ displayName: z.string().optional(), generate: z.string().regex(/^[a-z0-9-]+$/) }),
  z.object({ displayName: z.string().optional(), certificateFile: z.string() }),
]);

const optionalClaim = z.object({
  name: z.string().min(1),
  source: z.string().nullable().default(null),
  essential: z.boolean().default(false),
  additionalProperties: z.array(z.string()).default([]),
});

const application = z.object({
  appId: uuid,
  displayName: z.string(),
  servicePrincipalId: uuid,
  signInAudience: z.enum(["AzureADMyOrg", "AzureADMultipleOrgs"]).default("AzureADMyOrg"),
  identifierUris: z.array(z.string()).default([]),
  api: z
    .object({
      requestedAccessTokenVersion: z.union([z.literal(1), z.literal(2), z.null()]).default(null),
      oauth2PermissionScopes: z.array(permissionScope).default([]),
      knownClientApplications: z.array(uuid).default([]),
      preAuthorizedApplications: z.array(z.object({ appId: uuid, delegatedPermissionIds: z.array(uuid) })).default([]),
    })
    .default({
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: [],
      knownClientApplications: [],
      preAuthorizedApplications: [],
    }),
  appRoles: z.array(appRole).default([]),
  web: z
    .object({
      redirectUris: z.array(z.string()).default([]),
      logoutUrl: z.string().optional(),
      implicitGrantSettings: z
        .object({
          enableIdTokenIssuance: z.boolean().default(false),
          enableAccessTokenIssuance: z.boolean().default(false),
        })
        .default({ enableIdTokenIssuance: false, enableAccessTokenIssuance: false }),
    })
    .default({
      redirectUris: [],
      implicitGrantSettings: { enableIdTokenIssuance: false, enableAccessTokenIssuance: false },
    }),
  spa: z.object({ redirectUris: z.array(z.string()).default([]) }).default({ redirectUris: [] }),
  publicClient: z.object({ redirectUris: z.array(z.string()).default([]) }).default({ redirectUris: [] }),
  isFallbackPublicClient: z.boolean().default(false),
  passwordCredentials: z
    .array(
      z.object({
        displayName: z.string().optional(),
        secret: z.string().min(8),
        expiry: z.string().datetime().optional(),
      }),
    )
    .default([]),
  keyCredentials: z.array(keyCredential).default([]),
  // Workload identity federation: assertions from another issuer accepted in place of a secret or certificate.
  // An issuer may start with "{emulator}", the emulator's own URL (its built-in workload issuer).
  federatedIdentityCredentials: z
    .array(
      z.object({
        name: z.string(),
        issuer: z.string(),
        subject: z.string(),
        audiences: z.array(z.string()).min(1).default(["api://AzureADTokenExchange"]),
      }),
    )
    .default([]),
  requiredResourceAccess: z
    .array(
      z.object({
        resourceAppId: uuid,
        resourceAccess: z.array(z.object({ id: uuid, type: z.enum(["Scope", "Role"]) })),
      }),
    )
    .default([]),
  // Manifest shape; Entra emits an optional claim only when the token's owner lists it (identity/optional-claims.ts).
  optionalClaims: z
    .object({
      idToken: z.array(optionalClaim).default([]),
      accessToken: z.array(optionalClaim).default([]),
      saml2Token: z.array(optionalClaim).default([]),
    })
    .default({ idToken: [], accessToken: [], saml2Token: [] }),
  // Which claim the app asks for groups in (manifest groupMembershipClaims); overage applies past 200 (JWT).
  groupMembershipClaims: z.enum(["None", "SecurityGroup", "All"]).default("None"),
});

const user = z.object({
  oid: uuid,
  userPrincipalName: z.string().email(),
  displayName: z.string(),
  givenName: z.string().optional(),
  surname: z.string().optional(),
  mail: z.string().email().optional(),
  jobTitle: z.string().optional(),
  department: z.string().optional(),
  officeLocation: z.string().optional(),
  password: z.string().min(1),
  isAdmin: z.boolean().default(false),
  mfaRequired: z.boolean().default(false),
  accountEnabled: z.boolean().default(true),
  photo: z.boolean().default(false),
  // Group ids or display names from `groups`.
  memberOf: z.array(z.string()).default([]),
  // Adds this many generated groups ("<prefix> 001" …), for the token group-overage case.
  generatedGroups: z.object({ count: z.number().int().positive(), prefix: z.string() }).optional(),
});

const group = z.object({
  id: uuid,
  displayName: z.string(),
  description: z.string().optional(),
  securityEnabled: z.boolean().default(true),
});

const fileSchema = z.object({
  tenant: z.object({ id: uuid, displayName: z.string(), domains: z.array(z.string()).min(1) }),
  users: z.array(user).min(1),
  // Deterministic filler people, so directory search and paging have something to page through.
  generatedUsers: z.object({ count: z.number().int().nonnegative(), password: z.string() }).optional(),
  groups: z.array(group).default([]),
  applications: z.array(application).min(1),
  // The host's managed identities (an App Service or Container App running the app): tokens from the
  // emulated identity endpoint (/msi/token), e.g. as the backend's federated credential.
  managedIdentities: z
    .array(z.object({ name: z.string(), kind: z.enum(["system", "user"]), clientId: uuid, principalId: uuid }))
    .default([]),
  // What the platform puts in IDENTITY_HEADER; the identity endpoint refuses requests without it.
  managedIdentityHeader: z.string().min(16).default("emulator-managed-identity-header"),
  grants: z
    .array(
      z.object({
        clientAppId: uuid,
        resourceAppId: uuid,
        consentType: z.enum(["AllPrincipals", "Principal"]),
        principal: z.string().optional(),
        scope: z.string(),
      }),
    )
    .default([]),
  appRoleAssignments: z
    .array(z.object({ principal: z.string(), resourceAppId: uuid, appRole: z.string() }))
    .default([]),
});

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
