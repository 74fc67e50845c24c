#!/usr/bin/env node
// A recording stand-in for the Azure CLI, for test/az-script.test.ts. It knows the commands the setup script
// may use with the flags the real az defines for them (azure-cli's role and util modules), refuses anything
// else the way az does (exit 2), checks the Graph bodies against the shapes Graph accepts, prints plausible
// ids, and appends each call (argv, parsed flags, body) as a JSON line to $FAKE_AZ_LOG.
import { randomBytes, randomUUID } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";

const GRAPH_APP = "00000003-0000-0000-c000-000000000000";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GLOBAL = { "--query": 1, "--output": 1, "-o": 1, "--only-show-errors": 0, "--debug": 0, "--verbose": 0 };

// The application's properties, which `ad app create` and `ad app update` both set.
const APP_PROPERTY_FLAGS = {
  "--display-name": 1,
  "--sign-in-audience": 1,
  "--web-redirect-uris": "+",
  "--identifier-uris": "+",
  "--optional-claims": 1,
  "--app-roles": 1,
  "--required-resource-accesses": 1,
  "--enable-id-token-issuance": 1,
  "--enable-access-token-issuance": 1,
  "--public-client-redirect-uris": "+",
};

// command → its flags (1: one value, "+": one or more, "*": any, 0: a switch) and the ones it requires
const COMMANDS = {
  "account show": { flags: {}, required: [] },
  "ad app create": {
    flags: { ...APP_PROPERTY_FLAGS, "--is-fallback-public-client": 1, "--web-home-page-url": 1 },
    required: ["--display-name"],
  },
  "ad app update": { flags: { "--id": 1, ...APP_PROPERTY_FLAGS }, required: ["--id"] },
  "ad sp create": { flags: { "--id": 1 }, required: ["--id"] },
  "ad sp show": { flags: { "--id": 1 }, required: ["--id"] },
  "ad user show": { flags: { "--id": 1 }, required: ["--id"] },
  "ad app permission add": {
    flags: { "--id": 1, "--api": 1, "--api-permissions": "+" },
    required: ["--id", "--api", "--api-permissions"],
  },
  "ad app permission grant": {
    flags: {
      "--id": 1,
      "--client-id": 1,
      "--api": 1,
      "--resource-id": 1,
      "--scope": "*",
      "--consent-type": 1,
      "--principal-id": 1,
    },
    required: ["--id", "--api", "--scope"],
  },
  "ad app credential reset": {
    flags: {
      "--id": 1,
      "--append": 0,
      "--display-name": 1,
      "--years": 1,
      "--end-date": 1,
      "--cert": 1,
      "--create-cert": 0,
      "--keyvault": 1,
    },
    required: ["--id"],
  },
  "ad app federated-credential create": { flags: { "--id": 1, "--parameters": 1 }, required: ["--id", "--parameters"] },
  rest: {
    flags: {
      "--method": 1,
      "-m": 1,
      "--uri": 1,
      "--url": 1,
      "-u": 1,
      "--body": 1,
      "-b": 1,
      "--headers": "+",
      "--resource": 1,
      "--uri-parameters": "+",
      "--output-file": 1,
      "--skip-authorization-header": 0,
    },
    required: ["--uri"],
  },
};

const fail = (message) => {
  process.stderr.write(`ERROR: ${message}\n`);
  process.exit(2);
};

function parse(argv) {
  const words = [];
  let i = 0;
  while (i < argv.length && !argv[i].startsWith("-")) words.push(argv[i++]);
  const command = words.join(" ");
  const spec = COMMANDS[command];
  if (!spec)
    fail(
      `'${command}' is not a command this setup may use${command === "ad app permission admin-consent" ? " (it calls a deprecated endpoint: grant consent with 'az ad app permission grant' and Graph appRoleAssignments)" : ""}`,
    );
  const flags = {};
  while (i < argv.length) {
    const name = argv[i++];
    const arity = spec.flags[name] ?? GLOBAL[name];
    if (arity === undefined) fail(`unrecognized arguments: ${name}`);
    const values = [];
    if (arity === 1) values.push(argv[i++]);
    else if (arity !== 0)
      while (i < argv.length && !argv[i].startsWith("--") && argv[i] !== "-o") values.push(argv[i++]);
    if (arity === 1 && values[0] === undefined) fail(`argument ${name}: expected one argument`);
    if (arity === "+" && values.length === 0) fail(`argument ${name}: expected at least one argument`);
    flags[name] = values;
  }
  for (const r of spec.required)
    if (!flags[r] && !(r === "--uri" && (flags["--url"] || flags["-u"])))
      fail(`the following arguments are required: ${r}`);
  return { command, flags };
}

const statePath = process.env.FAKE_AZ_STATE;
const state = existsSync(statePath)
  ? JSON.parse(readFileSync(statePath, "utf8"))
  : { tenant: randomUUID(), apps: {}, sps: { [GRAPH_APP]: randomUUID() }, users: {} };
const one = (flags, name) => flags[name]?.[0];
const knownApp = (id) => {
  if (!state.apps[id] && id !== GRAPH_APP)
    fail(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  return id;
};
const isUrl = (u, https = true) =>
  typeof u === "string" && (u.startsWith("https://") || (!https && u.startsWith("http://localhost")));

// ---- Graph body shapes --------------------------------------------------------------------------
function check(condition, message) {
  if (!condition) fail(`Bad Request: ${message}`);
}
function checkApplicationPatch(body) {
  const allowed = [
    "api",
    "appRoles",
    "spa",
    "web",
    "optionalClaims",
    "identifierUris",
    "requiredResourceAccess",
    "displayName",
    "signInAudience",
  ];
  for (const k of Object.keys(body))
    check(allowed.includes(k), `Property '${k}' does not exist on type 'microsoft.graph.application'.`);
  if (body.api) {
    for (const k of Object.keys(body.api))
      check(
        [
          "requestedAccessTokenVersion",
          "knownClientApplications",
          "oauth2PermissionScopes",
          "preAuthorizedApplications",
          "acceptMappedClaims",
        ].includes(k),
        `Property '${k}' does not exist on type 'microsoft.graph.apiApplication'.`,
      );
    check(
      [undefined, null, 1, 2].includes(body.api.requestedAccessTokenVersion),
      "requestedAccessTokenVersion must be null, 1 or 2",
    );
    for (const id of body.api.knownClientApplications ?? [])
      check(GUID.test(id) && state.apps[id], `knownClientApplications: '${id}' is not an application of this tenant`);
    for (const s of body.api.oauth2PermissionScopes ?? []) {
      check(
        GUID.test(s.id) && /^[\w.-]+$/.test(s.value) && ["User", "Admin"].includes(s.type) && s.isEnabled === true,
        "oauth2PermissionScopes: id (GUID), value, type User|Admin, isEnabled",
      );
      for (const f of ["adminConsentDisplayName", "adminConsentDescription"])
        check(typeof s[f] === "string" && s[f], `oauth2PermissionScopes: ${f} is required`);
    }
  }
  for (const r of body.appRoles ?? []) {
    check(
      GUID.test(r.id) && /^[\w.-]+$/.test(r.value) && r.displayName && r.description && r.isEnabled === true,
      "appRoles: id (GUID), value, displayName, description, isEnabled",
    );
    check(
      Array.isArray(r.allowedMemberTypes) &&
        r.allowedMemberTypes.length > 0 &&
        r.allowedMemberTypes.every((t) => ["User", "Application"].includes(t)),
      "appRoles: allowedMemberTypes User and/or Application",
    );
  }
  for (const u of body.spa?.redirectUris ?? [])
    check(isUrl(u, false), `spa.redirectUris: '${u}' must be https (or http://localhost)`);
  for (const u of body.web?.redirectUris ?? [])
    check(isUrl(u, false), `web.redirectUris: '${u}' must be https (or http://localhost)`);
  if (body.web?.logoutUrl !== undefined) check(isUrl(body.web.logoutUrl), "web.logoutUrl must be https");
}
function checkAssignment(body, path) {
  check(
    Object.keys(body).sort().join() === "appRoleId,principalId,resourceId",
    "an appRoleAssignment takes principalId, resourceId and appRoleId",
  );
  for (const k of Object.keys(body)) check(GUID.test(body[k]), `${k} must be a GUID`);
  const [, sp, relation] = path.split("/");
  check(
    relation === "appRoleAssignments" ? body.principalId === sp : body.resourceId === sp,
    `${relation}: the service principal in the URI must be the ${relation === "appRoleAssignments" ? "principal" : "resource"}`,
  );
  check(Object.values(state.sps).includes(body.resourceId), "resourceId is not a service principal of this tenant");
}
function rest(flags) {
  const method = (one(flags, "--method") ?? one(flags, "-m") ?? "get").toUpperCase();
  const uri = one(flags, "--uri") ?? one(flags, "--url") ?? one(flags, "-u");
  const prefix = "https://graph.microsoft.com/v1.0/";
  if (!uri.startsWith(prefix)) fail(`this setup calls Microsoft Graph v1.0 only, not ${uri}`);
  let body;
  try {
    body = JSON.parse(one(flags, "--body") ?? one(flags, "-b") ?? "null");
  } catch {
    fail("Bad Request: the body is not valid JSON");
  }
  const path = uri.slice(prefix.length);
  const app = /^applications\(appId='([^']+)'\)$/.exec(path);
  if (method === "PATCH" && app) return (knownApp(app[1]), checkApplicationPatch(body), { body, result: undefined });
  if (method === "POST" && /^servicePrincipals\/[^/]+\/(appRoleAssignments|appRoleAssignedTo)$/.test(path))
    return (checkAssignment(body, path), { body, result: { id: randomBytes(16).toString("base64url"), ...body } });
  fail(`this setup has no business with ${method} ${path}`);
}

// ---- commands -----------------------------------------------------------------------------------
function run({ command, flags }) {
  const id = one(flags, "--id");
  switch (command) {
    case "account show":
      return { result: { tenantId: state.tenant } };
    case "ad app create": {
      const appId = randomUUID();
      state.apps[appId] = { displayName: one(flags, "--display-name"), objectId: randomUUID() };
      return { result: { appId, id: state.apps[appId].objectId } };
    }
    case "ad app update":
      if (flags["--optional-claims"]) checkOptionalClaims(one(flags, "--optional-claims"));
      for (const u of flags["--identifier-uris"] ?? [])
        if (!/^(api:\/\/|https:\/\/)\S+$/.test(u)) fail(`identifierUris: '${u}' is not an App ID URI`);
      return (knownApp(id), { result: undefined });
    case "ad sp create":
      knownApp(id);
      if (state.sps[id])
        fail(
          "When using this permission, the backing application of the service principal being created must in the local tenant",
        );
      return ((state.sps[id] = randomUUID()), { result: { id: state.sps[id], appId: id } });
    case "ad sp show":
      if (!state.sps[id]) fail(`Service principal '${id}' doesn't exist`);
      return { result: { id: state.sps[id], appId: id } };
    case "ad user show":
      if (!/^[^@\s]+@[^@\s]+$/.test(id) && !GUID.test(id)) fail(`Resource '${id}' does not exist`);
      return ((state.users[id] ??= randomUUID()), { result: { id: state.users[id], userPrincipalName: id } });
    case "ad app permission add":
      knownApp(id);
      knownApp(one(flags, "--api"));
      for (const p of flags["--api-permissions"])
        if (!/^[0-9a-f-]{36}=(Scope|Role)$/.test(p))
          fail(
            `Usage error: Please provide both permission id and type, such as \`--api-permissions e1fe6dd8-ba31-4d61-89e7-88639da4683d=Scope\``,
          );
      return { result: undefined };
    case "ad app permission grant": {
      for (const a of [id, one(flags, "--api")])
        if (!state.sps[a])
          fail(
            `Service principal with appId or objectId '${a}' doesn't exist. Create one with 'az ad sp create --id ${a}'.`,
          );
      const scope = flags["--scope"].join(" ").trim();
      if (!scope) fail("--scope: give the delegated permissions to grant");
      return {
        result: {
          clientId: state.sps[id],
          consentType: one(flags, "--consent-type") ?? "AllPrincipals",
          resourceId: state.sps[one(flags, "--api")],
          scope,
        },
      };
    }
    case "ad app credential reset": {
      knownApp(id);
      const cert = one(flags, "--cert");
      if (cert !== undefined) {
        const pem = cert.startsWith("@") ? readFileSync(cert.slice(1), "utf8") : cert;
        if (!pem.includes("BEGIN CERTIFICATE") || pem.includes("PRIVATE KEY"))
          fail("--cert: supply a PEM or DER formatted public certificate; do not include private key info");
        return { result: { appId: id, password: null, tenant: state.tenant } };
      }
      return { result: { appId: id, password: `fake~${randomBytes(24).toString("base64url")}`, tenant: state.tenant } };
    }
    case "ad app federated-credential create":
      return (knownApp(id), { result: JSON.parse(one(flags, "--parameters")) });
    case "rest":
      return rest(flags);
  }
}

function checkOptionalClaims(raw) {
  let claims;
  try {
    claims = JSON.parse(raw);
  } catch {
    fail("--optional-claims: not valid JSON");
  }
  for (const k of Object.keys(claims))
    if (!["idToken", "accessToken", "saml2Token"].includes(k))
      fail(`--optional-claims: '${k}' is not idToken, accessToken or saml2Token`);
  for (const list of Object.values(claims))
    for (const c of list)
      if (
        typeof c.name !== "string" ||
        Object.keys(c).some((k) => !["name", "source", "essential", "additionalProperties"].includes(k))
      )
        fail("--optional-claims: each claim is {name, source, essential, additionalProperties}");
}

function print(result, flags) {
  const query = one(flags, "--query");
  const output = one(flags, "--output") ?? one(flags, "-o") ?? "json";
  const value = query && result !== undefined ? result[query] : result;
  if (output === "none" || value === undefined) return;
  process.stdout.write(output === "tsv" ? `${value}\n` : `${JSON.stringify(value, null, 2)}\n`);
}

const call = parse(process.argv.slice(2));
const { result, body } = run(call);
appendFileSync(process.env.FAKE_AZ_LOG, `${JSON.stringify({ ...call, ...(body !== undefined ? { body } : {}) })}\n`);
writeFileSync(statePath, JSON.stringify(state));
print(result, call.flags);
