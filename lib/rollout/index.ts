// Page modes as feature flags: the public surface of lib/rollout (see resolve.ts for the precedence).
export {
  modesFor,
  PAGE_MODES_HEADER,
  parseModesHeader,
  resolvePageModes,
  serializeModes,
  type ResolvedModes,
} from "./resolve";
export { rolloutRuntime } from "./runtime";
export type { FlagModes, TargetingInput } from "./evaluate";
export type { FlagDefinitions, FlagFileStatus } from "./flag-file";
export { FLAG_PREFIX, flagIdOf, type FlagJson } from "./schema";
