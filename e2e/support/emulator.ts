// Shared by the e2e specs: drive the emulator's pages the way a person does, and read or change the
// emulator through its admin API (reset, event log, knownClientApplications).
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { EMULATOR_DEFAULTS } from "../../lib/config";
import { APP_URL, EMULATOR_URL } from "../../playwright.config";

export const PASSWORD = "Passw0rd!";
export const USERS = {
  adele: "adele@contoso.onmicrosoft.com", // a normal user with a photo
  grady: "grady@contoso.onmicrosoft.com", // member of 231 groups
  miriam: "miriam@contoso.onmicrosoft.com", // MFA required for Graph
} as const;
export const MFA_CODE = "123456";
export const FRONTEND = EMULATOR_DEFAULTS.frontendClientId;
export const BACKEND = EMULATOR_DEFAULTS.backendClientId;

export const onEmulator = (page: Page) => expect(page).toHaveURL(new RegExp(`^${EMULATOR_URL}/`));
export const backAtApp = (page: Page, base = APP_URL) =>
  page.waitForURL((url) => url.href.startsWith(base), { waitUntil: "commit" });

/** Fills the emulator's sign-in page and accepts the consent page if the emulator shows one (`base`: the app's origin). */
export async function signInAtEmulator(page: Page, username: string = USERS.adele, base = APP_URL) {
  await onEmulator(page);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The first sign-in to the frontend may show the consent page; later ones go straight back.
  const accept = page.getByRole("button", { name: "Accept" });
  await Promise.race([backAtApp(page, base), accept.waitFor().then(() => accept.click())]).catch(() => {});
  await backAtApp(page, base);
}

export async function resetEmulator(request: APIRequestContext) {
  const reset = await request.post(`${EMULATOR_URL}/_admin/reset`, { data: {} });
  expect(reset.ok()).toBeTruthy();
}

export interface EmulatorEvent {
  type: string;
  user?: string;
  clientId?: string;
  data?: Record<string, unknown>;
}

export async function emulatorEvents(request: APIRequestContext, type: string, user: string): Promise<EmulatorEvent[]> {
  const res = await request.get(`${EMULATOR_URL}/_admin/events?${new URLSearchParams({ type, user })}`);
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { events: EmulatorEvent[] }).events;
}

/** Which clients the backend names in knownClientApplications (/_admin/reset restores the tenant file's list). */
export async function setBackendKnownClients(request: APIRequestContext, knownClientApplications: string[]) {
  const res = await request.post(`${EMULATOR_URL}/_admin/config/known-clients`, {
    data: { resourceAppId: BACKEND, knownClientApplications },
  });
  expect(res.ok()).toBeTruthy();
}

/** Every event the emulator logged for one user (UPN or oid), oldest first. */
export async function userEvents(request: APIRequestContext, user: string): Promise<EmulatorEvent[]> {
  const res = await request.get(`${EMULATOR_URL}/_admin/events?${new URLSearchParams({ user })}`);
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { events: EmulatorEvent[] }).events;
}

/** Errors the emulator answered to any client (data.code is the AADSTS number, data.endpoint where). */
export async function emulatorErrors(request: APIRequestContext): Promise<EmulatorEvent[]> {
  const res = await request.get(`${EMULATOR_URL}/_admin/events?type=error`);
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { events: EmulatorEvent[] }).events;
}
