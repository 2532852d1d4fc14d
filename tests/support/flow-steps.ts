import { expect } from "vitest";
import { location, type Browser } from "./browser";
import { latestSmsTo, type newUser } from "./emulator-outbox";

export type User = ReturnType<typeof newUser>;

export type FlowPage = "/signup" | "/login" | "/otp" | "/complete";

/**
 * Takes `browser`'s new flow to `page` by the person's own steps: signup, password, and the
 * code from the emulator's SMS outbox; each step must land on the next page.
 */
export async function walkTo(page: FlowPage, browser: Browser, user: User, emulatorUrl: string): Promise<void> {
  if (page === "/signup") return;
  expect(location(await browser.post("/signup", user))).toBe("/login");
  if (page === "/login") return;
  expect(location(await browser.post("/login", { username: user.username, password: user.password }))).toBe("/otp");
  if (page === "/otp") return;
  const { code } = await latestSmsTo(emulatorUrl, user.phoneNumber);
  expect(location(await browser.post("/otp", { passcode: code }))).toBe("/complete");
}

/** Where the flow is: the page `/` sends the browser's cookie to. */
export async function flowPage(browser: Browser): Promise<string | null> {
  return location(await browser.get("/"));
}
