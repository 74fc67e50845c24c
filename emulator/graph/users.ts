// The user resource: its Graph shape, $select, and the subset of $filter and $search the app relies on.
import type { User } from "../config.ts";
import type { Request } from "../http.ts";
import { GraphError, unsupportedQuery } from "./errors.ts";

/** What GET /users and /me return when no $select is given (same order as Graph). */
const DEFAULT_SELECT = ["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id"];

export function graphUser(u: User): Record<string, unknown> {
  return {
    businessPhones: [],
    displayName: u.displayName,
    givenName: u.givenName ?? null,
    jobTitle: u.jobTitle ?? null,
    mail: u.mail ?? null,
    mobilePhone: null,
    officeLocation: u.officeLocation ?? null,
    preferredLanguage: null,
    surname: u.surname ?? null,
    userPrincipalName: u.userPrincipalName,
    id: u.oid,
    accountEnabled: u.accountEnabled,
    department: u.department ?? null,
    mailNickname: u.userPrincipalName.split("@")[0],
    userType: "Member",
    usageLocation: null,
  };
}

const PROPERTIES = new Map(Object.keys(graphUser({ oid: "", userPrincipalName: "x@y", displayName: "" } as User)).map((p) => [p.toLowerCase(), p]));

/** Canonical property names from $select (case-insensitive like Graph); undefined = the default set. */
export function parseSelect(req: Request): string[] | undefined {
  const raw = req.url.searchParams.get("$select");
  if (raw === null || raw.trim() === "") return undefined;
  return raw.split(",").map((name) => {
    const canonical = PROPERTIES.get(name.trim().toLowerCase());
    if (!canonical) throw new GraphError(400, "Request_BadRequest", `Could not find a property named '${name.trim()}' on type 'microsoft.graph.user'.`);
    return canonical;
  });
}

export function project(u: User, select: string[] | undefined): Record<string, unknown> {
  const full = graphUser(u);
  return Object.fromEntries((select ?? DEFAULT_SELECT).map((p) => [p, full[p]]));
}

/** The @odata.context fragment: `users` or `users(displayName,mail)`. */
export function usersFragment(select: string[] | undefined): string {
  return select ? `users(${select.join(",")})` : "users";
}

export function byDisplayName(a: User, b: User): number {
  return a.displayName.localeCompare(b.displayName, "en") || a.oid.localeCompare(b.oid);
}

// ---- $filter -----------------------------------------------------------------------------------

type Predicate = (u: User) => boolean;

const STRING_PROPS = ["id", "displayName", "givenName", "surname", "mail", "userPrincipalName", "jobTitle", "department", "officeLocation"];
const STARTSWITH_PROPS = ["displayName", "givenName", "surname", "mail", "userPrincipalName", "jobTitle"];

function stringValue(u: User, prop: string): string {
  const v = graphUser(u)[prop];
  return typeof v === "string" ? v.toLowerCase() : "";
}

function canonical(name: string, allowed: string[]): string | undefined {
  return allowed.find((p) => p.toLowerCase() === name.toLowerCase());
}

/** Splits on ` and ` outside quotes and parentheses. */
function splitAnd(filter: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === "(") depth++;
    else if (!quoted && c === ")") depth--;
    else if (!quoted && depth === 0 && /^\sand\s/i.test(filter.slice(i, i + 5))) {
      parts.push(filter.slice(start, i));
      start = i + 5;
      i += 4;
    }
  }
  parts.push(filter.slice(start));
  return parts.map((p) => p.trim());
}

function clause(text: string): Predicate {
  let m = /^accountEnabled\s+eq\s+(true|false)$/i.exec(text);
  if (m) {
    const wanted = m[1].toLowerCase() === "true";
    return (u) => u.accountEnabled === wanted;
  }
  m = /^startswith\(\s*(\w+)\s*,\s*'((?:[^']|'')*)'\s*\)$/i.exec(text);
  if (m) {
    const prop = canonical(m[1], STARTSWITH_PROPS);
    if (!prop) throw unsupportedClause(m[1]);
    const prefix = m[2].replace(/''/g, "'").toLowerCase();
    return (u) => stringValue(u, prop).startsWith(prefix);
  }
  m = /^(\w+)\s+eq\s+'((?:[^']|'')*)'$/i.exec(text);
  if (m) {
    const prop = canonical(m[1], STRING_PROPS);
    if (!prop) throw unsupportedClause(m[1]);
    const value = m[2].replace(/''/g, "'").toLowerCase();
    return (u) => stringValue(u, prop) === value;
  }
  const prop = /^(?:\w+\(\s*)?(\w+)/.exec(text)?.[1];
  throw prop ? unsupportedClause(prop) : unsupportedQuery("Invalid filter clause");
}

function unsupportedClause(prop: string): GraphError {
  return unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${prop}' of resource 'User'.`);
}

export function parseFilter(req: Request): Predicate {
  const raw = req.url.searchParams.get("$filter");
  if (raw === null || raw.trim() === "") return () => true;
  const predicates = splitAnd(raw.trim()).map(clause);
  return (u) => predicates.every((p) => p(u));
}

// ---- $search ("property:words", tokenized prefix match, joined by AND / OR) ----------------------

const SEARCH_PROPS = ["displayName", "givenName", "surname", "mail", "userPrincipalName", "jobTitle", "mailNickname"];
const words = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

function term(text: string, raw: string): Predicate {
  const m = /^"(\w+):([^"]*)"$/.exec(text);
  if (!m) {
    const at = raw.indexOf(":");
    throw unsupportedQuery(at >= 0 && !raw.trim().startsWith('"') ? `Syntax error: character ':' is not valid at position ${at} in '${raw}'.` : `Invalid $search query '${raw}'.`);
  }
  const prop = canonical(m[1], SEARCH_PROPS);
  if (!prop) throw unsupportedQuery(`Property '${m[1]}' is not supported for search.`);
  const wanted = words(m[2]);
  return (u) => {
    const have = words(String(graphUser(u)[prop] ?? ""));
    return wanted.every((w) => have.some((h) => h.startsWith(w)));
  };
}

export function parseSearch(raw: string): Predicate {
  const pieces = raw.trim().split(/\s+(AND|OR)\s+/);
  let result = term(pieces[0], raw);
  for (let i = 1; i < pieces.length; i += 2) {
    const left = result;
    const right = term(pieces[i + 1], raw);
    result = pieces[i] === "AND" ? (u) => left(u) && right(u) : (u) => left(u) || right(u);
  }
  return result;
}

export function findUser(users: readonly User[], idOrUpn: string): User | undefined {
  const key = idOrUpn.toLowerCase();
  return users.find((u) => u.oid.toLowerCase() === key || u.userPrincipalName.toLowerCase() === key);
}
