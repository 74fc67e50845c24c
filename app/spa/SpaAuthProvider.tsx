"use client";
import { MsalProvider } from "@azure/msal-react";
import { useState, type ReactNode } from "react";
import { TabAccount } from "@/app/components/TabAccount";
import type { AppFacts } from "@/lib/diagnose";
import { apiScopes, type SpaHandoff, type SpaPublicConfig } from "@/lib/spa/config";
import { SpaSessionContext, type SpaSession } from "@/lib/spa/session";
import { ApiScopesContext, DiagnoseFactsContext } from "@/lib/spa/use-api";
import { tabClient, type Status } from "./sign-in";
import { useSignIn } from "./use-sign-in";

function sessionOf(status: Status): SpaSession {
  if (status.kind === "ready") return { status: "ready", pca: status.pca, account: status.account };
  if (status.kind === "failed") return { status: "failed", problem: status.problem };
  return { status: "starting" };
}

/**
 * `facts`: this app's public settings (client ids, App ID URI, tenant; no secret) to explain Entra's errors
 * with. The page renders at once; its data areas wait for the sign-in (SpaSessionContext).
 */
export function SpaAuthProvider({
  config,
  server,
  facts,
  children,
}: {
  config: SpaPublicConfig;
  server: SpaHandoff | null;
  facts?: AppFacts;
  children: ReactNode;
}) {
  const status = useSignIn(config, server, facts);
  // msal-react's provider over the page, on the tab's own instance (its hooks and components see the
  // account and the interaction in progress). It is there from the first render in the browser, so the
  // page's components are not mounted again when the sign-in completes (what the user typed meanwhile stays).
  const [pca] = useState(() => (typeof window === "undefined" ? undefined : tabClient(config)));
  const page = (
    <>
      {status.kind === "ready" && !server ? <TabAccount account={status.account} /> : null}
      {children}
    </>
  );
  return (
    <SpaSessionContext value={sessionOf(status)}>
      <ApiScopesContext value={apiScopes(config)}>
        <DiagnoseFactsContext value={facts}>
          {pca ? <MsalProvider instance={pca}>{page}</MsalProvider> : page}
        </DiagnoseFactsContext>
      </ApiScopesContext>
    </SpaSessionContext>
  );
}
