import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { latestSmsTo, newUser as newTestUser, requestCounts } from "../support/emulator-outbox";
import { openFlowCookie } from "../support/flow-cookie";
import { APP_LOG, E2E_SESSION_SECRET } from "./global-setup";
import { EMULATOR_URL, enterCode, fillSignup, injectFault, logIn, signUp } from "./walk";

/** Everything secret the walks used; none of it may appear in the app's log. */
const secrets = new Set<string>();

function newUser() {
  const user = newTestUser("walker");
  secrets.add(user.password).add(user.phoneNumber);
  return user;
}

async function latestCode(phoneNumber: string): Promise<string> {
  const { code } = await latestSmsTo(EMULATOR_URL, phoneNumber);
  secrets.add(code);
  return code;
}

/** The cookie, and the Transmit session_id and user_id sealed inside it. */
async function rememberCookie(page: Page) {
  for (const cookie of await page.context().cookies()) {
    secrets.add(cookie.value);
    const context = (await openFlowCookie(`${cookie.name}=${cookie.value}`, E2E_SESSION_SECRET))?.snapshot.context;
    for (const id of [context?.sessionId, context?.userId]) if (typeof id === "string") secrets.add(id);
  }
}

test.describe.serial("the MFA flow in Chromium", () => {
  test("a new user signs up, logs in with password and SMS code, sees mfa, and restarts", async ({ page }) => {
    // The enforced CSP must let Remix's own scripts run: any violation is a failure.
    const violations: string[] = [];
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) violations.push(message.text());
    });
    const user = newUser();
    await signUp(page, user);
    await expect(page.getByRole("link", { name: "emulator's SMS outbox" })).toHaveAttribute("href", `${EMULATOR_URL}/__emulator`);

    await expect(page.getByLabel("Username")).toHaveValue(user.username);
    await logIn(page, user.password);
    await expect(page).toHaveURL(/\/otp$/);
    await expect(page.getByText(`+1 ••• ••• ${user.phoneNumber.slice(-4)}`)).toBeVisible();
    await rememberCookie(page);

    await enterCode(page, await latestCode(user.phoneNumber));
    await expect(page).toHaveURL(/\/complete$/);
    await expect(page.getByRole("heading", { name: "Authentication complete" })).toBeVisible();
    const claims = JSON.parse((await page.getByLabel("ID token claims").textContent()) ?? "{}") as { amr: string[]; sub: string };
    expect(claims.amr).toEqual(expect.arrayContaining(["pwd", "sms", "mfa"]));
    await expect(page.getByRole("navigation", { name: "Progress" }).locator('[aria-current="step"]')).toHaveText("4 Done");
    await expect(page.getByRole("row", { name: /amr/ })).toContainText("mfa means two different factors");
    await rememberCookie(page);

    await page.getByRole("button", { name: "Restart" }).click();
    await expect(page).toHaveURL(/\/signup$/);
    await page.goto("/complete");
    await expect(page).toHaveURL(/\/signup$/);
    expect(violations).toEqual([]);
  });

  test("a wrong password shows a message on the login page, then the right one goes through", async ({ page }) => {
    const user = newUser();
    await signUp(page, user);
    await logIn(page, `${user.password}-wrong`);
    secrets.add(`${user.password}-wrong`);
    await expect(page.getByLabel("Password", { exact: true })).toHaveAccessibleDescription("The username or password is not right.");
    // Screen readers hear it from the live region; the same error twice is heard twice.
    const announced = page.locator("[aria-live]");
    await expect(announced).toHaveText("The username or password is not right.");
    await announced.locator("p").evaluate((line) => line.setAttribute("data-heard", ""));
    await logIn(page, `${user.password}-wrong`);
    await expect(announced.locator("p:not([data-heard])")).toHaveText("The username or password is not right.");
    await expect(announced.locator("p")).toHaveCount(1);
    await expect(page.getByLabel("Username")).toHaveValue(user.username);
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
    await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
    await logIn(page, user.password);
    await expect(page).toHaveURL(/\/otp$/);
  });

  test("a wrong code shows a message on the code page, then the right one completes", async ({ page }) => {
    const user = newUser();
    await signUp(page, user);
    await logIn(page, user.password);
    await expect(page).toHaveURL(/\/otp$/);
    const code = await latestCode(user.phoneNumber);
    const wrong = code === "000000" ? "111111" : "000000";
    await enterCode(page, wrong);
    await expect(page.getByLabel("SMS code")).toHaveAccessibleDescription(/^That code is not right\./);
    await expect(page.getByLabel("SMS code")).toHaveValue("");
    await enterCode(page, code);
    await expect(page.getByRole("heading", { name: "Authentication complete" })).toBeVisible();
  });

  test("while signup runs its button says so and is disabled, so a second click creates no second user", async ({ page }) => {
    const user = newUser();
    const creates = async () => (await requestCounts(EMULATOR_URL))["POST /cis/v1/users"] ?? 0;
    const before = await creates();
    // Transmit answers slowly, once: long enough to click again.
    await injectFault({ endpoint: "POST /cis/v1/users", kind: "slow", delay_ms: 1500, times: 1 });
    // The server would answer a second post alike; the page must not send one.
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(new URL(request.url()).pathname);
    });
    await page.goto("/signup");
    await fillSignup(page, user);
    await page.getByRole("button", { name: "Create user" }).click();
    const pending = page.getByRole("button", { name: "Creating user…" });
    await expect(pending).toBeDisabled();
    await expect(pending).toHaveAttribute("aria-busy", "true");
    await pending.click({ force: true });
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByText("Your account was created")).toBeVisible();
    expect(await creates()).toBe(before + 1);
    expect(posts.filter((path) => path === "/signup")).toHaveLength(1);
  });

  test("with JavaScript off the walk works too, and Back after Restart never shows the claims", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const user = newUser();
    await signUp(page, user);
    // Controls that need JavaScript are not there at all: the password is a plain password field.
    await expect(page.getByRole("button", { name: "Show password" })).toHaveCount(0);
    await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("type", "password");
    await logIn(page, user.password);
    await expect(page).toHaveURL(/\/otp$/);
    await enterCode(page, await latestCode(user.phoneNumber));
    await expect(page.getByRole("heading", { name: "Authentication complete" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Copy the JSON" })).toHaveCount(0);
    await rememberCookie(page);
    await page.getByRole("button", { name: "Restart" }).click();
    await expect(page).toHaveURL(/\/signup$/);
    await page.goBack();
    await expect(page.getByRole("heading", { name: "Authentication complete" })).toHaveCount(0);
    await context.close();
  });

  test("the app's log holds no password, code, token, session_id, cookie or phone number", () => {
    const appLines = readFileSync(APP_LOG, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("app "));
    // One event per auth step, naming the user and the flow by keyed hashes only.
    for (const step of ["flow.signup", "flow.login", "flow.send-code", "flow.verify-code", "flow.logout"]) {
      const event = appLines.find((line) => line.includes(`"event":"${step}"`) && line.includes('"outcome":"success"'));
      expect(event, step).toMatch(/"user":"[\w-]{12}"/);
      if (step !== "flow.signup") expect(event, step).toMatch(/"flow":"[\w-]{16}"/);
    }
    // Failures too: the wrong password of an earlier walk is logged against the username's reference.
    const rejected = appLines.find((line) => line.includes('"event":"flow.login"') && line.includes('"outcome":"rejected"'));
    expect(rejected).toMatch(/"user":"[\w-]{12}"/);
    expect(secrets.size).toBeGreaterThan(8);
    for (const line of appLines) {
      for (const secret of secrets) expect(line, "a secret in the log").not.toContain(secret);
      expect(line).not.toMatch(/eyJ[\w-]+\./);
      expect(line).not.toContain("Bearer ");
    }
  });
});
