import "server-only";
import { cookies, headers } from "next/headers";
import type { FlagModes } from "./evaluate";
import { PAGE_MODES_HEADER, parseModesHeader, resolvePageModes } from "./resolve";

/** For pages: this request's page modes as proxy.ts decided them (the same answer it routed by). */
export async function currentPageModes(): Promise<FlagModes> {
  const handed = parseModesHeader((await headers()).get(PAGE_MODES_HEADER));
  return handed ?? (await resolvePageModes(await cookies())).modes;
}
