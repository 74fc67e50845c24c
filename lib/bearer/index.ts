// The public surface of the API's callers: who is calling (the session's user or a bearer token), the
// validation of bearer tokens for this API, and the authorization policies applied to them.
import "server-only";

export {
  resolveCaller,
  resolveSessionCaller,
  sessionTokenCaller,
  type AppCaller,
  type Caller,
  type CallerOptions,
  type UserCaller,
} from "./caller";
export {
  authorizeApp,
  authorizeUser,
  directoryAdminPolicy,
  evaluatePolicy,
  requireServiceCaller,
  rules,
  servicePolicy,
} from "./policy";
export type { AuthorizationPolicy, PolicyRule, PolicyRuleName } from "./policy";
export { describeCheck, type BearerCheck } from "./checks";
export type { TokenClaims, ValidatedToken } from "./claims";
export { clearValidationCache, tokenDigest, validateBearerToken, verifyAccessToken } from "./validate";
export type { BearerRequirement } from "./validate";
