// Regenerates emulator/graph-permissions.json, Microsoft Graph's delegated permissions and application
// roles, from the Graph service principal's published oauth2PermissionScopes and appRoles as Microsoft
// keeps them for Graph Explorer (GitHub microsoftgraph/microsoft-graph-devx-content,
// permissions/permissions-descriptions.json). Only what the emulator needs is kept.
//   node scripts/graph-permissions.mjs <path to permissions-descriptions.json> <its commit>
import { readFileSync, writeFileSync } from "node:fs";

const [input, commit] = process.argv.slice(2);
if (!input || !commit) {
  console.error("usage: node scripts/graph-permissions.mjs <permissions-descriptions.json> <commit>");
  process.exit(2);
}
const published = JSON.parse(readFileSync(input, "utf8"));
// Application permissions are granted by an admin only, whatever a published entry's isAdmin says.
const keep = (type) => (p) => ({
  name: p.value,
  id: p.id,
  type,
  adminConsentRequired: type === "Role" || p.isAdmin === true,
  displayText: p.adminConsentDisplayName ?? p.consentDisplayName ?? p.displayName ?? p.value,
});
const permissions = [
  ...published.delegatedScopesList.filter((p) => p.isEnabled !== false).map(keep("Scope")),
  ...published.applicationScopesList.filter((p) => p.isEnabled !== false).map(keep("Role")),
].sort((a, b) => a.name.localeCompare(b.name, "en") || a.type.localeCompare(b.type));
const file = {
  source:
    "Microsoft Graph service principal's oauth2PermissionScopes (type Scope) and appRoles (type Role), as published in GitHub microsoftgraph/microsoft-graph-devx-content, permissions/permissions-descriptions.json",
  commit,
  permissions,
};
// One permission per line: small, and a regenerated file diffs line by line.
const text = `{"source": ${JSON.stringify(file.source)},\n "commit": ${JSON.stringify(commit)},\n "permissions": [\n${permissions.map((p) => `  ${JSON.stringify(p)}`).join(",\n")}\n ]\n}\n`;
writeFileSync(new URL("../emulator/graph-permissions.json", import.meta.url), text);
console.log(`${permissions.length} permissions written`);
