import { USERNAME_MAX } from "../../app/forms.ts";
import { Browser, location, type App } from "../../tests/support/browser.ts";
import { latestSmsTo } from "../../tests/support/emulator-outbox.ts";
import type { Budget } from "./report-types.ts";

export const COOKIE_BUDGET_BYTES = 2048;

/** A valid phone number of 15 digits, E.164's longest (Transmit takes no longer one). */
const LONGEST_PHONE_NUMBER = "+436436151090525";

/**
 * Usernames of the longest length the signup form takes, in the characters that make the
 * sealed cookie largest: 1 byte each, 3 bytes each in UTF-8, and control characters, which
 * JSON writes as 6 bytes each (\u0001). New to an emulator that was just reset.
 */
const LONGEST_USERNAMES: Record<string, string> = {
  ASCII: "u".repeat(USERNAME_MAX),
  "3-byte UTF-8 (€)": "€".repeat(USERNAME_MAX),
  "JSON-escaped (U+0001)": "\u0001".repeat(USERNAME_MAX),
};

export type CookieSizes = Record<string, { bytes: number; username: string }>;

/**
 * The largest Set-Cookie of each state the flow waits in, with and without an error shown,
 * for each of the longest usernames. The state is the page the answer shows or redirects to.
 * Needs an emulator that was just reset.
 */
export async function measureCookies(app: App, emulatorUrl: string): Promise<CookieSizes> {
  const largest: CookieSizes = {};
  for (const [kind, username] of Object.entries(LONGEST_USERNAMES)) {
    const user = { username, password: "a-password-of-some-length", phoneNumber: LONGEST_PHONE_NUMBER };
    const browser = new Browser(app);
    const rival = new Browser(app);
    const record = (path: string, response: Response, label: string) => {
      const setCookie = response.headers.get("set-cookie");
      if (!setCookie) return;
      const state = `${location(response) ?? path}${label}`;
      const bytes = Buffer.byteLength(setCookie);
      if (bytes > (largest[state]?.bytes ?? 0)) largest[state] = { bytes, username: kind };
    };
    const step = async (who: Browser, path: string, form: Record<string, string> | null, label = "", expected?: string) => {
      const response = form ? await who.post(path, form) : await who.get(path);
      await response.arrayBuffer();
      if (expected !== undefined && (location(response) ?? path) !== expected) throw new Error(`cookies: ${path} answered ${response.status} ${location(response) ?? ""}, not ${expected}`);
      record(path, response, label);
    };
    await step(browser, "/signup", null);
    await step(browser, "/signup", user, "", "/login");
    await step(rival, "/signup", null);
    // The username is taken now, for someone with another password (the same form again would be a double submit).
    await step(rival, "/signup", { ...user, password: "a-rival-password-of-its-own" }, " (with an error)", "/signup");
    await step(browser, "/login", { username, password: `${user.password}-wrong` }, " (with an error)", "/login");
    await step(browser, "/login", { username, password: user.password }, "", "/otp");
    const { code } = await latestSmsTo(emulatorUrl, user.phoneNumber);
    await step(browser, "/otp", { intent: "verify", passcode: code === "123456" ? "654321" : "123456" }, " (with an error)", "/otp");
    await step(browser, "/otp", { intent: "verify", passcode: code }, "", "/complete");
    await step(browser, "/logout", {}, "", "/signup");
  }
  return largest;
}

export function cookieBudgets(sizes: CookieSizes): Budget[] {
  const largest = Math.max(...Object.values(sizes).map(({ bytes }) => bytes));
  return [{ name: "Largest Set-Cookie", limit: `≤ ${COOKIE_BUDGET_BYTES} bytes in every state`, actual: `${largest} bytes`, met: largest <= COOKIE_BUDGET_BYTES }];
}
