// A client-credentials request to the emulator's token endpoint, as a daemon or the doctor makes it.
import type { RunningEmulator } from "../../emulator/server.ts";
import { postToken } from "../../emulator/test/browser.ts";

/** For Graph's /.default unless `scope` says otherwise; without `secret` the client sends no credential. */
export function clientCredentials(
  emu: RunningEmulator,
  client: { id: string; secret?: string; scope?: string; tenant?: string },
) {
  const { id, secret, scope = "https://graph.microsoft.com/.default", tenant } = client;
  return postToken(emu, { grant_type: "client_credentials", client_id: id, client_secret: secret, scope }, { tenant });
}
