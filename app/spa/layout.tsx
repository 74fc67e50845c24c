import type { ReactNode } from "react";
import { takeSpaHandoff } from "@/lib/session";
import { getConfig } from "@/lib/config";
import { appFacts } from "@/lib/diagnose";
import { SpaAuthProvider } from "@/app/spa/SpaAuthProvider";
import type { SpaPublicConfig } from "@/lib/spa/config";

// The SPA-mode twin of the flagged pages (proxy.ts rewrites /profile here when the page is in SPA mode;
// a request for /spa/* from outside gets 404). Only this tree loads MSAL. The tenant's public values
// come from the server at request time, so switching tenants needs no rebuild.
export const dynamic = "force-dynamic";

export default async function SpaLayout({ children }: { children: ReactNode }) {
  const appConfig = getConfig();
  const { entra } = appConfig;
  const config: SpaPublicConfig = {
    clientId: entra.frontend.clientId,
    authority: entra.authority,
    knownAuthorities: entra.knownAuthorities,
    scope: `${entra.backend.appIdUri}/${entra.backend.scope}`,
  };
  // Read-and-delete: the one-time spa_code reaches the browser at most once per sign-in.
  const server = await takeSpaHandoff();
  return (
    <SpaAuthProvider config={config} server={server} facts={appFacts(appConfig)}>
      {children}
    </SpaAuthProvider>
  );
}
