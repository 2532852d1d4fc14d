import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App, Browser as BrowserType } from "../integration/app-client";
import { clearEmulatorFaults, injectFault, latestSmsTo, newUser, requestCounts } from "../support/emulator-outbox";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator";

// An emulator that would allow ten wrong codes, so that the app's own limit of three shows.
let emulator: TestEmulator;
let app: App;
let Browser: typeof BrowserType;
let location: (response: Response) => string | null;
beforeAll(async () => {
  emulator = await startTestEmulator({ EMULATOR_OTP_MAX_FAILURES: "10" });
  process.env.TRANSMIT_API_BASE = emulator.url;
  process.env.RESEND_COOLDOWN_SECONDS = "2";
  const client = await import("../integration/app-client");
  app = await client.loadApp();
  Browser = client.Browser;
  location = client.location;
});
afterAll(() => emulator.stop());

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function reachCode() {
  const browser = new Browser(app);
  const user = newUser("codes");
  await browser.post("/signup", user);
  expect(location(await browser.post("/login", { username: user.username, password: user.password }))).toBe("/otp");
  return { browser, user };
}

describe("limits on codes, kept on the server", () => {
  it("a new code waits out the cooldown, in the page and on the server", async () => {
    const { browser, user } = await reachCode();
    const page = await (await browser.get("/otp")).text();
    // Without JavaScript the button cannot count down, so it is not disabled: the server keeps the cooldown.
    expect(page).toMatch(/<button(?![^>]*disabled)[^>]*value="resend"[^>]*>Send a new code<\/button>/);
    const first = await latestSmsTo(emulator.url, user.phoneNumber);
    await browser.post("/otp", { intent: "resend" });
    expect(await (await browser.get("/otp")).text()).toMatch(/You can ask for a new code in [12] seconds\./);
    expect((await latestSmsTo(emulator.url, user.phoneNumber)).sent_at).toBe(first.sent_at);
    await wait(2_100);
    await browser.post("/otp", { intent: "resend" });
    expect((await latestSmsTo(emulator.url, user.phoneNumber)).sent_at).not.toBe(first.sent_at);
  });

  it("at most five new codes per login", async () => {
    const { browser, user } = await reachCode();
    for (let resend = 0; resend < 5; resend++) {
      await wait(2_100);
      await browser.post("/otp", { intent: "resend" });
      expect(await (await browser.get("/otp")).text(), `resend ${resend + 1}`).toContain("We sent a code by SMS");
    }
    await wait(2_100);
    const before = await requestCounts(emulator.url);
    await browser.post("/otp", { intent: "resend" });
    expect(await (await browser.get("/otp")).text()).toContain("That was the last code this login can send.");
    expect((await requestCounts(emulator.url))["POST /cis/v1/auth/otp/send"]).toBe(before["POST /cis/v1/auth/otp/send"]);
    void user;
  }, 40_000);

  it("three wrong codes end that code, and replaying an older cookie does not reset the count", async () => {
    const { browser, user } = await reachCode();
    const beforeGuesses = browser.cookie;
    const { code } = await latestSmsTo(emulator.url, user.phoneNumber);
    const wrong = code === "123456" ? "654321" : "123456";
    for (let attempt = 0; attempt < 3; attempt++) await browser.post("/otp", { passcode: wrong });
    browser.cookie = beforeGuesses;
    const before = await requestCounts(emulator.url);
    await browser.post("/otp", { passcode: code });
    expect(await (await browser.get("/otp")).text()).toContain("Too many wrong codes for this code. Send a new code.");
    expect((await requestCounts(emulator.url))["POST /cis/v1/auth/otp/authenticate"]).toBe(before["POST /cis/v1/auth/otp/authenticate"]);
  });

  it("parallel wrong codes cannot outrun the count: at most three reach Transmit", async () => {
    const { browser, user } = await reachCode();
    const { code } = await latestSmsTo(emulator.url, user.phoneNumber);
    const wrong = code === "123456" ? "654321" : "123456";
    const before = (await requestCounts(emulator.url))["POST /cis/v1/auth/otp/authenticate"] ?? 0;
    await Promise.all(Array.from({ length: 8 }, () => browser.post("/otp", { passcode: wrong })));
    const after = (await requestCounts(emulator.url))["POST /cis/v1/auth/otp/authenticate"] ?? 0;
    expect(after - before).toBeLessThanOrEqual(3);
  });

  it("Restart waits for Transmit: while it cannot log out the person stays logged in, told so; then the old cookie is dead", async () => {
    const { browser, user } = await reachCode();
    const { code } = await latestSmsTo(emulator.url, user.phoneNumber);
    expect(location(await browser.post("/otp", { passcode: code }))).toBe("/complete");
    const copy = browser.cookie;
    await injectFault(emulator.url, { endpoint: "POST /cis/v1/auth/session/logout", kind: "error", status: 503 });
    try {
      expect(location(await browser.post("/logout", {}))).toBe("/complete");
      expect(await (await browser.get("/complete")).text()).toContain("so you are not logged out yet");
    } finally {
      await clearEmulatorFaults(emulator.url);
    }
    expect(location(await browser.post("/logout", {}))).toBe("/signup");
    browser.cookie = copy;
    expect(location(await browser.get("/complete"))).toBe("/signup");
  });

  it("after Restart, a copy of the old cookie no longer opens the complete page", async () => {
    const { browser, user } = await reachCode();
    const { code } = await latestSmsTo(emulator.url, user.phoneNumber);
    expect(location(await browser.post("/otp", { passcode: code }))).toBe("/complete");
    const copy = browser.cookie;
    const before = await requestCounts(emulator.url);
    expect(location(await browser.post("/logout", {}))).toBe("/signup");
    expect((await requestCounts(emulator.url))["POST /cis/v1/auth/session/logout"]).toBe((before["POST /cis/v1/auth/session/logout"] ?? 0) + 1);
    browser.cookie = copy;
    expect(location(await browser.get("/complete"))).toBe("/signup");
  });
});
