// The tenant file's schema: one tenant, its users, groups and app registrations, shaped like the Entra
// application manifest. config.ts reads a file against it and names the types the emulator uses.
import { z } from "zod";

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

export const optionalClaim = z.object({
  name: z.string().min(1),
  source: z.string().nullable().default(null),
  essential: z.boolean().default(false),
  additionalProperties: z.array(z.string()).default([]),
});

export const application = z.object({
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

export const user = z.object({
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

export const group = z.object({
  id: uuid,
  displayName: z.string(),
  description: z.string().optional(),
  securityEnabled: z.boolean().default(true),
});

export const fileSchema = z.object({
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
