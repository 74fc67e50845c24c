// The frontend's sign-in as its server does it, which most token tests start from: auth code + PKCE through
// the pages on its web redirect URI, then the code redeemed with its secret on that same redirect URI.
import type { RunningEmulator } from "../server.ts";
import { authCodeWithPkce, redeemCode, type AuthCodeOptions } from "./browser.ts";
import { APP, IDS, SECRETS } from "./harness.ts";

export function signInWeb(emu: RunningEmulator, o: Omit<AuthCodeOptions, "emulator" | "clientId" | "redirectUri">) {
  return authCodeWithPkce({ emulator: emu, clientId: IDS.frontend, redirectUri: APP.web, ...o });
}

/** `o` adds to the redemption or overrides it (another secret, an Origin header, scopes, extra form fields). */
export function redeemWeb(
  emu: RunningEmulator,
  code: string,
  verifier: string,
  o: Partial<Parameters<typeof redeemCode>[1]> = {},
) {
  return redeemCode(emu, {
    clientId: IDS.frontend,
    code,
    verifier,
    redirectUri: APP.web,
    clientSecret: SECRETS.frontend,
    ...o,
  });
}
