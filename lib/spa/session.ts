"use client";
import type { AccountInfo, IPublicClientApplication } from "@azure/msal-browser";
import { createContext } from "react";
import type { Problem } from "@/lib/errors";

/**
 * Where the SPA's sign-in stands (SpaAuthProvider). The page renders from the start (headings, forms);
 * only its data areas wait for "ready", and show the failure's notice when signing in failed.
 */
export type SpaSession =
  | { status: "starting" }
  | { status: "ready"; pca: IPublicClientApplication; account: AccountInfo }
  | { status: "failed"; problem: Problem };

export const SpaSessionContext = createContext<SpaSession>({ status: "starting" });
