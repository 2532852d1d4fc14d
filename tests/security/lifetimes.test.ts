import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openFlowCookie } from "../support/flow-cookie";
import { Browser, loadApp, location, type App } from "../integration/app-client";
import { latestSmsTo, newUser, requestCounts } from "../integration/emulator-api";

let app: App;
beforeAll(async () => {
  app = await loadApp();
});
afterEach(() => {
  vi.useRealTimers();
});

const minutes = (n: number) => n * 60_000;

/** Moves the app's clock (and jose's) forward; the emulator runs in vitest's main process, so Transmit's clock stays. */
function advance(ms: number) {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + ms });
}

async function reachCode(browser: Browser) {
  const user = newUser("lifetime");
  await browser.post("/signup", user);
  expect(location(await browser.post("/login", { username: user.username, password: user.password }))).toBe("/otp");
  return user;
}

describe("lifetimes are enforced by the server, from deadlines inside the sealed cookie", () => {
  it("a pending flow ends 15 minutes after the password step: back to login, saying why", async () => {
    const browser = new Browser(app);
    await reachCode(browser);
    advance(minutes(15) + 1_000);
    expect(location(await browser.get("/otp"))).toBe("/login");
    const login = await (await browser.get("/login")).text();
    expect(login).toContain("More than 15 minutes passed since your password");
  });

  it("the code step ends with the code: the old one is refused here, a new one works", async () => {
    const browser = new Browser(app);
    const user = await reachCode(browser);
    const { code: old } = await latestSmsTo(user.phoneNumber);
    advance(minutes(5) + 1_000);
    const otp = await (await browser.get("/otp")).text();
    expect(otp).toContain("This code has expired. Send a new code.");
    const before = await requestCounts();
    await browser.post("/otp", { passcode: old });
    expect(await (await browser.get("/otp")).text()).toContain("There is no valid code to check. Send a new code.");
    expect(await requestCounts()).toEqual(before);
    vi.useRealTimers();
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the tests' resend cooldown
    await browser.post("/otp", { intent: "resend" });
    const { code } = await latestSmsTo(user.phoneNumber);
    expect(location(await browser.post("/otp", { passcode: code }))).toBe("/complete");
  });

  it("the authenticated state ends when the ID token expires, at most 12 hours after", async () => {
    const browser = new Browser(app);
    const user = await reachCode(browser);
    const { code } = await latestSmsTo(user.phoneNumber);
    await browser.post("/otp", { passcode: code });
    const sealed = await openFlowCookie(browser.setCookies.at(-1) ?? "");
    const { expiresAt, claims } = sealed?.snapshot.context as { expiresAt: number; claims: { exp: number } };
    expect(expiresAt).toBe(claims.exp * 1000);
    expect((await browser.get("/complete")).status).toBe(200);
    advance(expiresAt - Date.now() + 1_000);
    expect(location(await browser.get("/complete"))).toBe("/login");
    expect(await (await browser.get("/login")).text()).toContain("Your session has ended. Please log in again.");
  });

  it("the cookie's Max-Age follows the deadline", async () => {
    const browser = new Browser(app);
    await reachCode(browser);
    const maxAge = Number(/Max-Age=(\d+)/.exec(browser.setCookies.at(-1) ?? "")?.[1]);
    // 15 minutes of flow, and 10 more to tell the person why it ended.
    expect(maxAge).toBeGreaterThan(24 * 60 - 5);
    expect(maxAge).toBeLessThanOrEqual(25 * 60);
  });
});
