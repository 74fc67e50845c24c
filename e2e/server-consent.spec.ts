// The backend consent path ("Grant access"): without knownClientApplications the user's first consent
// covers frontend → backend only, OBO answers AADSTS65001, and only a consent for the BACKEND fixes it.
import { expect, test } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import {
  BACKEND,
  emulatorEvents,
  FRONTEND,
  onEmulator,
  resetEmulator,
  setBackendKnownClients,
  signInAtEmulator,
  USERS,
} from "./support/emulator";

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
  await setBackendKnownClients(request, []);
});

test.afterEach(async ({ request }) => {
  await setBackendKnownClients(request, [FRONTEND]);
});

async function signInToConsentRequired(page: import("@playwright/test").Page) {
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(/\/profile$/);
  await expect(page.getByTestId("problem")).toHaveAttribute("data-code", "ERR_OBO_CONSENT_REQUIRED");
  const grant = page.getByTestId("grant-access");
  await expect(grant).toHaveAttribute("href", "/auth/consent?returnTo=%2Fprofile");
  return grant;
}

test("Grant access asks once for the backend's Graph permissions, then the profile shows", async ({
  page,
  request,
}) => {
  const grant = await signInToConsentRequired(page);
  const authorize = page.waitForRequest((r) => r.url().includes("/oauth2/v2.0/authorize"));
  await grant.click();
  const sent = new URL((await authorize).url()).searchParams;
  expect(sent.get("client_id")).toBe(BACKEND);
  expect(sent.get("login_hint")).toBeTruthy(); // the session's login hint: no account choice

  // Exactly one page at the emulator: the backend's consent (the IdP session and login_hint skip sign-in).
  await onEmulator(page);
  await expect(page.locator("form[data-page=consent]")).toBeVisible();
  await expect(page.locator("body")).toContainText("Dual-mode web API (backend)");
  await page.getByRole("button", { name: "Accept" }).click();
  await page.waitForURL(`${APP_URL}/profile`);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  await expect(page.getByTestId("problem")).toHaveCount(0);

  const prompts = await emulatorEvents(request, "consent_prompt", USERS.adele);
  expect(prompts.map((p) => p.clientId)).toEqual([FRONTEND, BACKEND]);
  expect(await emulatorEvents(request, "sign_in", USERS.adele)).toHaveLength(1);
});

test("declining the backend consent returns to the page, which says so and offers Grant access again", async ({
  page,
  request,
}) => {
  const grant = await signInToConsentRequired(page);
  await grant.click();
  await onEmulator(page);
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.waitForURL(`${APP_URL}/profile?consent=declined`);
  await expect(page.getByTestId("consent-outcome")).toContainText("You declined");
  await expect(page.getByTestId("grant-access")).toBeVisible();
  expect(await emulatorEvents(request, "consent_declined", USERS.adele)).toHaveLength(1);
});

test("/auth/consent sends the backend's authorize request and keeps the state in an HttpOnly cookie", async ({
  request,
}) => {
  const res = await request.get("/auth/consent?returnTo=%2Fdirectory%3Fq%3Dad", { maxRedirects: 0 });
  expect(res.status()).toBe(302);
  const authorize = new URL(res.headers()["location"]!);
  expect(authorize.href.startsWith(`${EMULATOR_URL}/`)).toBe(true);
  expect(authorize.pathname).toMatch(/\/oauth2\/v2\.0\/authorize$/);
  const q = authorize.searchParams;
  expect(q.get("client_id")).toBe(BACKEND);
  expect(q.get("response_type")).toBe("code");
  expect(q.get("redirect_uri")).toBe(`${APP_URL}/auth/consent/callback`);
  expect(q.get("scope")).toBe("https://graph.microsoft.com/.default openid");
  expect(q.get("prompt")).toBe("consent");
  expect(q.get("state")).toMatch(/^[\w-]{32,}$/);
  const cookie = res.headers()["set-cookie"] ?? "";
  expect(cookie).toMatch(/^backend-consent=/);
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/Path=\/auth\/consent/);
  expect(cookie).toMatch(/SameSite=lax/i);
});

test("the consent callback refuses a state that is not this browser's, and never redirects off-site", async ({
  request,
}) => {
  const noCookie = await request.get("/auth/consent/callback?code=x&state=abc", { maxRedirects: 0 });
  expect(noCookie.status()).toBe(400);
  // The one error dialect (withApiErrors): JSON with the refusal's message for the user.
  expect(await noCookie.json()).toEqual({
    error: "invalid_request",
    message: "This consent request expired or was not started in this browser. Go back and choose Grant access again.",
    correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
  });

  const start = await request.get("/auth/consent?returnTo=https%3A%2F%2Fevil.example%2F", { maxRedirects: 0 });
  const state = new URL(start.headers()["location"]!).searchParams.get("state")!;
  const wrong = await request.get(`/auth/consent/callback?code=x&state=${state}x`, { maxRedirects: 0 });
  expect(wrong.status()).toBe(400);

  const again = await request.get("/auth/consent?returnTo=https%3A%2F%2Fevil.example%2F", { maxRedirects: 0 });
  const good = new URL(again.headers()["location"]!).searchParams.get("state")!;
  const ok = await request.get(`/auth/consent/callback?code=x&state=${good}`, { maxRedirects: 0 });
  expect(ok.status()).toBe(302);
  expect(ok.headers()["location"]).toBe(`${APP_URL}/`);
});
