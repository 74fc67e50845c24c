// ESLint flat config: Next's own rules (core web vitals, React, hooks, a11y, import) and typescript-eslint's
// recommended set (through eslint-config-next/typescript). Every rule turned off or changed here says why.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    // Build, test and emulator output, never edited by hand.
    ignores: [
      ".next/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      ".test-reports/**",
      ".emulator*/**",
      "coverage/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      // eslint-config-next/typescript lowers these two to warnings, which would not fail `npm test`. A name
      // starting with "_" is deliberately unused (a loop counter, a destructured rest).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-unused-expressions": "error",
      // Off: every effect it finds sets state from something only the browser has, after hydration (the
      // header slot for a portal, an image that failed before hydration, an object URL, "hydrated" so the
      // server's HTML promises no client-side retry). The rule's alternatives would change the server's HTML.
      "react-hooks/set-state-in-effect": "off",
    },
  },
  {
    // Off for these pages: after an error or a refused page, "Home" is a full page load on purpose, so that
    // nothing of the client state that failed is kept.
    files: ["app/error.tsx", "app/components/Forbidden.tsx", "app/auth/error/page.tsx"],
    rules: { "@next/next/no-html-link-for-pages": "off" },
  },
  {
    files: ["**/test/**", "e2e/**", "**/*.test.ts"],
    rules: {
      // Off in tests: they read JSON answers and library internals loosely and assert on the fields they need.
      "@typescript-eslint/no-explicit-any": "off",
      // Off in tests: vitest helpers named use…() (useTestEmulator) are not React hooks; there is no React here.
      "react-hooks/rules-of-hooks": "off",
    },
  },
];

export default config;
