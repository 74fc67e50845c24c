import { appUrlFinding } from "../../app-url";
import type { Check } from "../context";

/** The app's own URL (a missing one is Auth.js's "Configuration" error at every sign-in). */
export const appUrl: Check = { name: "app-url", run: ({ config }) => [appUrlFinding(config)] };
