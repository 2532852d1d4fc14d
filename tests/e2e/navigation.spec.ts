import { expect, test, type Page } from "@playwright/test";
import { latestSmsTo, newUser } from "../support/emulator-outbox";
import { EMULATOR_URL, enterCode, logIn, signUp } from "./walk";

/**
 * Back, Refresh and a second tab at every step, in a real browser with JavaScript on and
 * off: the page shown always converges on the step the flow is at.
 */

const STEP_HEADINGS: Record<string, string> = {
  "/signup": "Create your account",
  "/login": "Log in",
  "/otp": "Enter the SMS code",
  "/complete": "Authentication complete",
};

/** The page is the step's page, by its URL and its heading. */
async function expectStep(page: Page, path: string) {
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(STEP_HEADINGS[path] as string);
}

/**
 * Back, then Refresh, then a second tab, each showing the flow's step; the first tab ends
 * where it was. Back from login is the one step back that is allowed: to signup, one link away.
 */
async function backRefreshAndTab(page: Page, at: string) {
  await page.goBack();
  const path = at === "/login" ? "/signup" : at;
  await expectStep(page, path);
  await page.reload();
  await expectStep(page, path);
  const tab = await page.context().newPage();
  await tab.goto("/");
  await expectStep(tab, path);
  let step = path;
  for (const other of Object.keys(STEP_HEADINGS)) {
    await tab.goto(other);
    // Signup and login are one link apart before the password, so either opens; every other URL leads back to the step.
    if (["/signup", "/login"].includes(step) && ["/signup", "/login"].includes(other)) step = other;
    await expectStep(tab, step);
  }
  await tab.close();
  await page.goto(at);
  await expectStep(page, at);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("Back, Refresh and a second tab at every step leave the flow where it is", async ({ page }) => {
      const user = newUser("navigator");
      await signUp(page, user);
      await backRefreshAndTab(page, "/login");

      await page.getByLabel("Username").fill(user.username);
      await logIn(page, user.password);
      await expectStep(page, "/otp");
      await backRefreshAndTab(page, "/otp");

      await enterCode(page, (await latestSmsTo(EMULATOR_URL, user.phoneNumber)).code);
      await expectStep(page, "/complete");
      await backRefreshAndTab(page, "/complete");

      await page.getByRole("button", { name: "Restart" }).click();
      await expectStep(page, "/signup");
      await page.goBack();
      await expectStep(page, "/signup");
      await page.reload();
      await expectStep(page, "/signup");
    });
  });
}
