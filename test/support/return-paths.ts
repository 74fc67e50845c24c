// Return paths that look local but normalize to "//host" (or were "/\\host" to begin with): every flow
// that stores a return path runs its tests over these (sign-in, re-auth, backend consent, page-mode).
export const PROTOCOL_RELATIVE_AFTER_NORMALIZING = [
  "/.//evil.example",
  "/%2e//evil.example",
  "/%2E//evil.example",
  "/.%2e//evil.example",
  "/%2e%2e//evil.example",
  "/a/..//evil.example",
  "/a/%2E%2E//evil.example/profile?x=1",
  "/./..//evil.example",
  "/\\evil.example",
] as const;
