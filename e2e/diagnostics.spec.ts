// The troubleshooter in the browser: /diagnostics (masked configuration, decoded claims, a live OBO with
// its timing, the configuration checks), the same diagnosis under a failure on a server-mode page and on
// an SPA-mode page, and Entra's refusals of a sign-in explained on /auth/error (server) and in the SPA
// (msal-browser's error through fromMsalError). Never a token or secret in the page.
import { expect, test, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { EMULATOR_DEFAULTS } from "../lib/config";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import { PASSING_AS_SHIPPED } from "../test/support/passing-checks";
import { BACKEND, FRONTEND, resetEmulator, setBackendKnownClients, signInAtEmulator, USERS } from "./support/emulator";

/** Holds the backend's Directory.Admin app role: outside `npm run dev`, /diagnostics is for such admins only. */
const MEGAN = "megan@contoso.onmicrosoft.com";
const SECRETS = [
  EMULATOR_DEFAULTS.frontendClientSecret,
  EMULATOR_DEFAULTS.backendClientSecret,
  EMULATOR_DEFAULTS.authSecret,
];
/** A compact JWS (header.payload.signature): no page may hold one. */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/;

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

async function setModes(context: BrowserContext, value: string) {
  await context.addCookies([{ name: "page-mode", value, url: APP_URL }]);
}

/** No secret, no token anywhere in the page's HTML (RSC payload included). */
async function expectNoSecrets(page: Page) {
  const html = await page.content();
  for (const secret of SECRETS) expect(html).not.toContain(secret);
  expect(html).not.toMatch(JWT);
}

/** Opens a collapsed diagnosis and returns it (on a notice, first its "Details for your administrator"). */
async function openDiagnosis(scope: Locator | Page, behindAdminDetails = false): Promise<Locator> {
  if (behindAdminDetails) {
    await expect(scope.getByTestId("diagnosis")).toBeHidden();
    await scope.getByTestId("admin-details").locator("summary").first().click();
  }
  const diagnosis = scope.getByTestId("diagnosis");
  await expect(diagnosis).toBeVisible();
  await diagnosis.locator("summary").click();
  await expect(diagnosis.getByTestId("diagnosis-cause")).toBeVisible();
  return diagnosis;
}

async function addFault(page: Page, fault: Record<string, unknown>) {
  const res = await page.request.post(`${EMULATOR_URL}/_admin/faults`, { data: fault });
  expect(res.ok()).toBeTruthy();
}

test("/diagnostics shows the masked configuration, the token's claims, a live OBO with its timing, and the checks", async ({
  page,
}) => {
  await page.goto("/diagnostics");
  await signInAtEmulator(page, MEGAN);
  await page.waitForURL(`${APP_URL}/diagnostics`);
  await expect(page.locator(".nav-desktop").getByRole("link", { name: "Diagnostics" })).toBeVisible();
  // Which identity provider is in use (moved here from the home page, which is for users).
  await expect(page.getByTestId("identity-provider")).toContainText("Local Entra emulator");
  await expect(page.getByTestId("identity-provider")).toContainText(EMULATOR_URL);

  const config = page.getByTestId("diag-config");
  await expect(config).toContainText(`"clientId": "${FRONTEND}"`);
  await expect(config).toContainText(`"appIdUri": "api://${BACKEND}"`);
  // Secrets: "set" or "not set" and the credential type, never a prefix or a length.
  await expect(config).toContainText(`"clientSecret": "set"`);
  await expect(config).toContainText(`"authSecret": "set"`);
  await expect(config).toContainText(/"type": "secret",\s+"secret": "set"/);
  await expect(config).not.toContainText(/chars|…/);

  const claims = page.getByTestId("diag-claims");
  await expect(claims).toContainText(`"tid": "${EMULATOR_DEFAULTS.tenantId}"`);
  await expect(claims).toContainText(`"scp": "access_as_user"`);
  await expect(claims).toContainText(`"azp": "${FRONTEND}"`);
  await expect(claims).toContainText(`"exp (UTC)": "`);

  const obo = page.getByTestId("diag-obo");
  await expect(obo.getByTestId("diag-obo-result")).toHaveAttribute("data-ok", "true");
  await expect(obo.getByTestId("diag-obo-result")).toHaveText(
    /^Succeeded in \d+ ms \(backend → Microsoft Graph, scopes User\.Read, no cache\)\.$/,
  );
  await expect(obo).toContainText(`"aud": "https://graph.microsoft.com"`);
  await expect(obo.getByTestId("diagnosis")).toHaveCount(0);

  for (const id of PASSING_AS_SHIPPED) {
    await expect(page.getByTestId(`check-${id}`), id).toHaveAttribute("data-status", "ok");
  }
  await expectNoSecrets(page);
});

test("/diagnostics is for admins outside npm run dev: a user without the role gets a 403 and no link to it", async ({
  page,
}) => {
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.adele);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
  await expect(page.getByRole("link", { name: "Diagnostics" })).toHaveCount(0);
  const res = await page.goto("/diagnostics");
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toContainText("for its administrators");
  await page.getByText("Details for your administrator").click();
  await expect(page.getByTestId("forbidden-details")).toContainText("Directory.Admin app role");
  await expect(page.getByTestId("diag-config")).toHaveCount(0);
});

test.describe("the backend without knownClientApplications", () => {
  test.beforeEach(async ({ request }) => setBackendKnownClients(request, []));
  test.afterEach(async ({ request }) => setBackendKnownClients(request, [FRONTEND]));

  test("the live OBO, a server page and an SPA page each show the AADSTS65001 diagnosis naming knownClientApplications", async ({
    page,
    context,
  }) => {
    await page.goto("/diagnostics");
    await signInAtEmulator(page, MEGAN);
    await page.waitForURL(`${APP_URL}/diagnostics`);

    // /diagnostics: the probe fails, explained (opened), and the check names the missing setting.
    const obo = page.getByTestId("diag-obo");
    await expect(obo.getByTestId("diag-obo-result")).toHaveAttribute("data-ok", "false");
    await expect(obo.getByTestId("diag-obo-result")).toHaveText(/^Failed in \d+ ms/);
    const probe = obo.getByTestId("diagnosis");
    await expect(probe).toHaveAttribute("data-code", "AADSTS65001");
    await expect(probe.getByTestId("diagnosis-cause")).toContainText(
      "does not list the frontend in api.knownClientApplications",
    );
    await expect(probe.getByTestId("diagnosis-fix")).toContainText(`"knownClientApplications": ["${FRONTEND}"]`);
    await expect(probe.getByTestId("diagnosis-evidence")).toContainText(`azp ${FRONTEND}`);
    await expect(page.getByTestId("check-known-client")).toHaveAttribute("data-status", "error");
    await expect(page.getByTestId("check-known-client")).toContainText(`"knownClientApplications": ["${FRONTEND}"]`);
    await expectNoSecrets(page);

    for (const mode of ["server", "spa"] as const) {
      await setModes(context, `profile=${mode}`);
      await page.goto("/profile");
      await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", mode);
      const problem = page.getByTestId("problem");
      await expect(problem, mode).toHaveAttribute("data-code", "ERR_OBO_CONSENT_REQUIRED");
      await expect(problem.getByTestId("grant-access"), mode).toBeVisible();
      const diagnosis = await openDiagnosis(problem, true);
      await expect(diagnosis, mode).toHaveAttribute("data-code", "AADSTS65001");
      await expect(diagnosis.locator("summary"), mode).toContainText(
        "The backend has no consent to call Microsoft Graph for this user",
      );
      await expect(diagnosis.getByTestId("diagnosis-cause"), mode).toContainText("knownClientApplications");
      await expect(diagnosis.getByTestId("diagnosis-fix"), mode).toContainText(
        `"knownClientApplications": ["${FRONTEND}"]`,
      );
      await expect(diagnosis.getByTestId("diagnosis-evidence"), mode).toContainText(`aud ${BACKEND}`);
      await expectNoSecrets(page);
    }
  });
});

test("a sign-in Entra refuses lands on /auth/error with the diagnosis, and no code, token or secret", async ({
  page,
}) => {
  await addFault(page, { target: "authorize", aadsts: 65004, match: FRONTEND });
  await page.goto("/profile");
  await page.waitForURL(/\/auth\/error\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("aadsts")).toBe("65004");
  expect(url.searchParams.has("error_description")).toBe(false);

  const card = page.getByTestId("auth-error");
  await expect(card).toHaveAttribute("data-code", "AADSTS65004");
  await expect(card.locator("p.error")).toHaveText("The user declined consent");
  const diagnosis = await openDiagnosis(card);
  await expect(diagnosis.getByTestId("diagnosis-cause")).toContainText("The permissions were not granted");
  await expect(diagnosis.getByTestId("diagnosis-fix")).toContainText("Sign in again and accept");
  await expect(diagnosis.locator("a")).toHaveAttribute("href", "https://login.microsoftonline.com/error?code=65004");
  await expect(page.getByTestId("sign-in-again")).toBeVisible();
  await expectNoSecrets(page);
  expect(await page.content()).not.toContain("Trace ID");
});

test("SPA mode: an msal-browser sign-in Entra refuses is explained on the page (fromMsalError)", async ({
  page,
  context,
}) => {
  await setModes(context, "*=spa");
  await addFault(page, { target: "authorize", aadsts: 65004, match: FRONTEND });
  await page.goto("/profile"); // no server session: msal-browser's loginRedirect, answered with the error
  await page.waitForURL(`${APP_URL}/profile`);
  const problem = page.getByTestId("problem");
  await expect(problem).toHaveAttribute("data-code", "ERR_SPA_SIGN_IN");
  const diagnosis = await openDiagnosis(problem, true);
  await expect(diagnosis).toHaveAttribute("data-code", "AADSTS65004");
  await expect(diagnosis.locator("summary")).toContainText("The user declined consent");
  await expect(diagnosis.locator("summary")).toContainText("sign-in");
  await expect(diagnosis.getByTestId("diagnosis-fix")).toContainText("Sign in again and accept");
  await expectNoSecrets(page);

  // "Try again" starts a fresh sign-in, which now succeeds (the fault was used once).
  await problem.getByTestId("retry").click();
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(`${APP_URL}/profile`);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
});
