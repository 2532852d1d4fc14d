import { existsSync, readFileSync, writeFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import { latestSmsTo, newUser } from "../support/emulator-outbox";
import { EMULATOR_URL, enterCode, fillSignup, injectFault, logIn, signUp, type User } from "./walk";

/** The README's screenshots, written by every run so that they show the pages as they are. */
const SCREENSHOTS = "docs/screenshots";
const WIDE = { width: 800, height: 720 };
const NARROW = { width: 360, height: 740 };

test.use({ viewport: WIDE });

async function code(user: User): Promise<string> {
  return (await latestSmsTo(EMULATOR_URL, user.phoneNumber)).code;
}

/** Zero axe violations in the light and the dark theme, and nothing wider than a 360 px phone. */
async function checkPage(page: Page, state: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations, passes } = await new AxeBuilder({ page }).analyze();
    // The theme's colours were checked, not skipped.
    expect(passes.map(({ id }) => id), `axe on ${state}, ${colorScheme}`).toContain("color-contrast");
    const found = violations.map(({ id, help, nodes }) => `${id} (${help}): ${nodes.map((node) => node.target.join(" ")).join(", ")}`);
    expect(found, `axe on ${state}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize(NARROW);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${state} at ${NARROW.width} px`).toBeLessThanOrEqual(NARROW.width);
  await page.setViewportSize(WIDE);
}

/**
 * Values that change with every run (ids, times) are masked, and the file is written only when
 * the page looks different, not for a few pixels drawn another way: a screenshot changes only
 * when the page does.
 */
async function screenshot(page: Page, name: string, { dark = false, mask = [] as Locator[] } = {}) {
  await page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
  const taken = await page.screenshot({ fullPage: true, mask, maskColor: dark ? "#30363d" : "#d0d7de", animations: "disabled", caret: "hide" });
  await page.emulateMedia({ colorScheme: "light" });
  const file = `${SCREENSHOTS}/${name}.png`;
  if (!existsSync(file) || !looksTheSame(PNG.sync.read(readFileSync(file)), PNG.sync.read(taken))) writeFileSync(file, taken);
}

function looksTheSame(before: PNG, after: PNG): boolean {
  if (before.width !== after.width || before.height !== after.height) return false;
  return pixelmatch(before.data, after.data, undefined, before.width, before.height, { threshold: 0.1 }) === 0;
}

/** The messages a form shows after it is sent with `fields`: the field errors and the form's own. */
async function messagesFor(page: Page, fields: Record<string, string>, button: string): Promise<string[]> {
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole("button", { name: button }).click();
  await expect(page.locator(".error").first()).toBeVisible();
  return page.locator(".error").allInnerTexts();
}

test.describe.serial("the experience", () => {
  test("every page and error state has no axe violations in light and dark, fits 360 px, loads nothing from elsewhere; screenshots", async ({ page }) => {
    test.setTimeout(120_000);
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(test.info().project.use.baseURL ?? "")) elsewhere.push(request.url());
    });
    // Fixed so that the screenshots stay the same from run to run; each run's emulator starts empty.
    const user = { username: "ada", password: "correct horse battery", phoneNumber: "+12015550123" };
    // The resend countdown stands still, for the screenshot of the code page.
    await page.clock.setFixedTime(Date.now());

    await page.goto("/signup");
    await expect(page).toHaveTitle("Sign up · Transmit MFA");
    await expect(page.getByRole("navigation", { name: "Progress" }).getByRole("listitem")).toHaveText(["1 Sign up", "2 Password", "3 Code", "4 Done"]);
    await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", "/favicon.svg");
    const favicon = await page.request.get("/favicon.svg");
    expect([favicon.status(), favicon.headers()["content-type"]]).toEqual([200, expect.stringContaining("image/svg+xml")]);
    await checkPage(page, "signup");
    await screenshot(page, "signup");

    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByLabel("Username")).toHaveAccessibleDescription("Enter a username.");
    await expect(page.getByLabel("Username")).toBeFocused();
    await checkPage(page, "signup, each field missing");
    await screenshot(page, "signup-errors");

    await signUp(page, user);
    await expect(page).toHaveTitle("Log in · Transmit MFA");
    await checkPage(page, "login, account created");
    await screenshot(page, "login");

    // The username is taken now, for someone else with another password: the server says so, and keeps what was typed.
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page).toHaveURL(/\/signup$/);
    await fillSignup(page, { ...user, password: `other-${user.password}` });
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByLabel("Username")).toHaveAccessibleDescription(/^That username is taken/);
    await checkPage(page, "signup, username taken");

    await page.getByRole("link", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await logIn(page, "not the password");
    await expect(page.getByLabel("Password", { exact: true })).toHaveAccessibleDescription("The username or password is not right.");
    await checkPage(page, "login, wrong password");

    await injectFault({ endpoint: "POST /cis/v1/auth/password/authenticate", kind: "error", status: 503, times: 1 });
    await logIn(page, user.password);
    await expect(page.locator(".form-error")).toHaveText(/Transmit is unavailable/);
    await expect(page.locator(".form-error")).toBeFocused();
    await checkPage(page, "login, Transmit unavailable");

    await logIn(page, user.password);
    await expect(page).toHaveURL(/\/otp$/);
    await expect(page).toHaveTitle("Enter the SMS code · Transmit MFA");
    await expect(page.getByRole("button", { name: /^Send a new code \(in \d+ s\)$/ })).toBeDisabled();
    await checkPage(page, "otp");
    await screenshot(page, "otp");
    await screenshot(page, "otp-dark", { dark: true });

    const right = await code(user);
    await enterCode(page, right === "000000" ? "111111" : "000000");
    await expect(page.getByLabel("SMS code")).toHaveAccessibleDescription(/^That code is not right/);
    await checkPage(page, "otp, wrong code");

    await enterCode(page, right);
    await expect(page).toHaveURL(/\/complete$/);
    await expect(page).toHaveTitle("Authentication complete · Transmit MFA");
    await expect(page.getByText("amr contains mfa")).toBeVisible();
    await checkPage(page, "complete");
    const changing = ["sub", "auth_time", "iat", "exp"].map((claim) => page.locator("tr", { has: page.getByRole("rowheader", { name: claim, exact: true }) }).getByRole("cell").first());
    await screenshot(page, "complete", { mask: changing });
    await page.getByText("The claims as JSON").click();
    await expect(page.getByLabel("ID token claims")).toBeVisible();
    await checkPage(page, "complete, JSON open");

    await page.goto("/no-such-page");
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await checkPage(page, "not found");

    expect(elsewhere).toEqual([]);
  });

  test("the whole flow works with the keyboard alone, the password pasted and shown, the JSON copied", async ({ browser }) => {
    const context = await browser.newContext({ viewport: WIDE, permissions: ["clipboard-read", "clipboard-write"] });
    const page = await context.newPage();
    const user = newUser("keyboard");
    const clipboard = {
      write: (text: string) => page.evaluate((value) => navigator.clipboard.writeText(value), text),
      read: () => page.evaluate(() => navigator.clipboard.readText()),
    };
    /** Presses Tab until `target` has the focus, as a keyboard user would. */
    async function tabTo(target: Locator) {
      for (let presses = 0; presses < 25 && !(await target.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press("Tab");
      await expect(target).toBeFocused();
    }

    await page.goto("/signup");
    await tabTo(page.getByLabel("Username"));
    await page.keyboard.type(user.username);
    const password = page.getByLabel("Password", { exact: true });
    await tabTo(password);
    await clipboard.write(user.password);
    await page.keyboard.press("ControlOrMeta+V");
    await expect(password).toHaveValue(user.password);
    await expect(password).toHaveAttribute("type", "password");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Show password" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(password).toHaveAttribute("type", "text");
    await expect(page.getByRole("button", { name: "Hide password" })).toBeFocused();
    await page.keyboard.press("Space");
    await expect(password).toHaveAttribute("type", "password");
    // A national number, read in the default country (US), and the number it will be taken as.
    const national = `(${user.phoneNumber.slice(2, 5)}) ${user.phoneNumber.slice(5, 8)}-${user.phoneNumber.slice(8)}`;
    await tabTo(page.getByLabel("Phone number"));
    await page.keyboard.type(national);
    await expect(page.getByLabel("Phone number")).toHaveAccessibleDescription(new RegExp(`Codes will go to \\+1 ${user.phoneNumber.slice(2, 5)} ${user.phoneNumber.slice(5, 8)} ${user.phoneNumber.slice(8)}\\.`));
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { name: "Log in" })).toBeFocused();
    await tabTo(password);
    await page.keyboard.type(user.password);
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(/\/otp$/);
    const sms = await code(user);
    await tabTo(page.getByLabel("SMS code"));
    await page.keyboard.type(`${sms.slice(0, 3)} ${sms.slice(3)}`);
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(/\/complete$/);
    await tabTo(page.getByRole("button", { name: "Copy the JSON" }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status")).toHaveText("Copied.");
    expect(JSON.parse(await clipboard.read())).toEqual(JSON.parse((await page.getByLabel("ID token claims").textContent()) ?? ""));
    await tabTo(page.getByRole("button", { name: "Restart" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/signup$/);
    await context.close();
  });

  test("the browser shows the server's own messages before sending, and the server shows them without JavaScript", async ({ browser }) => {
    const user = newUser("checker");
    const withScript = await browser.newContext({ viewport: WIDE });
    const withoutScript = await browser.newContext({ viewport: WIDE, javaScriptEnabled: false });
    const [scripted, plain] = [await withScript.newPage(), await withoutScript.newPage()];
    const posts: string[] = [];
    scripted.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });

    /** The messages for the same input in both browsers; the one with JavaScript sends nothing. */
    async function sameMessages(fields: Record<string, string>, button: string) {
      const before = posts.length;
      const shown = await messagesFor(scripted, fields, button);
      expect(posts.length, "a form the browser refused was sent").toBe(before);
      expect(await messagesFor(plain, fields, button)).toEqual(shown);
      return shown;
    }

    for (const page of [scripted, plain]) await page.goto("/signup");
    expect(await sameMessages({ Username: "", Password: "", "Phone number": "" }, "Create user")).toEqual(["Enter a username.", "Enter a password.", "Enter your phone number."]);
    expect(await sameMessages({ Username: user.username, Password: "short", "Phone number": "12345" }, "Create user")).toEqual([
      "Use at least 8 characters.",
      "Enter a valid phone number, such as +1 201 555 0123.",
    ]);
    await expect(scripted.getByLabel("Password", { exact: true })).toBeFocused();

    // A valid national number with a password too short: the server's page says which number it would use.
    const national = `${user.phoneNumber.slice(2, 5)}.${user.phoneNumber.slice(5, 8)}.${user.phoneNumber.slice(8)}`;
    expect(await messagesFor(plain, { Password: "short", "Phone number": national }, "Create user")).toEqual(["Use at least 8 characters."]);
    await expect(plain.getByLabel("Phone number")).toHaveAccessibleDescription(/Codes will go to \+1 \d{3} \d{3} \d{4}\./);
    await expect(plain.getByLabel("Phone number")).toHaveValue(national);
    // As the person types, with JavaScript: the error stays until the number is a valid one, then the number shows.
    const phone = scripted.getByLabel("Phone number");
    await phone.fill(user.phoneNumber.slice(0, -1));
    await expect(phone).toHaveAccessibleDescription(/Enter a valid phone number/);
    await expect(scripted.getByText(/^Codes will go to/)).toHaveCount(0);
    await phone.fill(user.phoneNumber);
    await expect(phone).not.toHaveAccessibleDescription(/Enter a valid phone number/);
    await expect(scripted.getByText(/^Codes will go to/)).toHaveText(/\+1 \d{3} \d{3} \d{4}\./);

    await signUp(scripted, user);
    await plain.goto("/login");
    for (const page of [scripted, plain]) await page.getByLabel("Username").fill(user.username);
    expect(await sameMessages({ Password: "" }, "Login")).toEqual(["Enter your password."]);

    await logIn(scripted, user.password);
    await logIn(plain, user.password);
    for (const page of [scripted, plain]) await expect(page).toHaveURL(/\/otp$/);
    expect(await sameMessages({ "SMS code": "12" }, "Login")).toEqual(["The code is the digits in the SMS."]);
    expect(await sameMessages({ "SMS code": "" }, "Login")).toEqual(["Enter the code from the SMS."]);
    await Promise.all([withScript.close(), withoutScript.close()]);
  });

  test("the signup page fetches the phone metadata once its form is in use, not with the page", async ({ page }) => {
    // libphonenumber-js's metadata, by a key it is made of.
    const METADATA_MARK = "country_calling_codes";
    const scripts: Promise<{ path: string; hasMetadata: boolean }>[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(response.text().then((text) => ({ path: new URL(response.url()).pathname, hasMetadata: text.includes(METADATA_MARK) })));
    });
    await page.goto("/signup");
    // Hydrated: the Show button renders only once React runs.
    await expect(page.getByRole("button", { name: "Show password" })).toBeVisible();
    const withPage = await Promise.all(scripts);
    expect(withPage.length).toBeGreaterThan(3);
    expect(withPage.filter((script) => script.hasMetadata)).toEqual([]);

    await page.getByLabel("Username").focus();
    await page.getByLabel("Phone number").fill("+1 201 555 0123");
    await expect(page.getByLabel("Phone number")).toHaveAccessibleDescription(/Codes will go to \+1 201 555 0123\./);
    const later = (await Promise.all(scripts)).slice(withPage.length);
    expect(later.filter((script) => script.hasMetadata)).toHaveLength(1);
  });

  test("if the phone metadata fails to load, the server reads the number, and its page says which it will use", async ({ browser }) => {
    const existing = newUser("taken");
    const context = await browser.newContext({ viewport: WIDE });
    const page = await context.newPage();
    await signUp(page, existing);
    await page.route(/\/build\/_shared\/phone-[^/]+\.js$/, (route) => route.abort());
    await page.goto("/signup");
    await expect(page.getByRole("button", { name: "Show password" })).toBeVisible();

    const user = newUser("no-metadata");
    const posts: string[] = [];
    page.on("request", (request) => void (request.method() === "POST" && posts.push(request.url())));
    // The browser checks all but the number, and leaves that to the server: the form is sent.
    expect(await messagesFor(page, { Username: user.username, Password: user.password, "Phone number": "12345" }, "Create user")).toEqual([
      "Enter a valid phone number, such as +1 201 555 0123.",
    ]);
    expect(posts).toHaveLength(1);
    await expect(page.getByLabel("Phone number")).toHaveValue("12345");
    await expect(page.getByLabel("Username")).toHaveValue(user.username);

    // A valid national number, refused for the username: the server's page names the number.
    const national = `(${user.phoneNumber.slice(2, 5)}) ${user.phoneNumber.slice(5, 8)}-${user.phoneNumber.slice(8)}`;
    expect(await messagesFor(page, { Username: existing.username, Password: user.password, "Phone number": national }, "Create user")).toEqual([
      "That username is taken. Choose another one, or log in.",
    ]);
    await expect(page.getByLabel("Phone number")).toHaveAccessibleDescription(new RegExp(`Codes will go to \\+1 ${user.phoneNumber.slice(2, 5)} ${user.phoneNumber.slice(5, 8)} ${user.phoneNumber.slice(8)}\\.`));
    await context.close();
  });
});
