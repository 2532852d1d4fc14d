import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { latestSmsTo, newUser } from "../support/emulator-outbox.ts";
import { walkTo } from "../support/flow-steps.ts";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.ts";
import { Browser, loadApp, location, type App } from "./app-client";

// An emulator of its own, set to answer an unknown session's logout with 404.
let emulator: TestEmulator;
let app: App;
beforeAll(async () => {
  emulator = await startTestEmulator({ EMULATOR_LOGOUT_UNKNOWN_SESSION: "404" });
  process.env.TRANSMIT_API_BASE = emulator.url;
  app = await loadApp();
});
afterAll(async () => {
  vi.useRealTimers();
  await emulator.stop();
});

const reachComplete = (browser: Browser) => walkTo("/complete", browser, newUser("variation"), emulator.url);

describe("the app against other tenant behaviours", () => {
  it("Restart still logs out locally when Transmit no longer knows the session (404)", async () => {
    const browser = new Browser(app);
    await reachComplete(browser);
    emulator.tenant.sessions.clear();
    expect(location(await browser.post("/logout", {}))).toBe("/signup");
  });

  it("a code for a session Transmit has ended sends the person back to login", async () => {
    const browser = new Browser(app);
    const user = newUser("variation");
    await browser.post("/signup", user);
    await browser.post("/login", { username: user.username, password: user.password });
    emulator.tenant.sessions.clear();
    const { code } = await latestSmsTo(emulator.url, user.phoneNumber);
    expect(location(await browser.post("/otp", { passcode: code }))).toBe("/login");
    expect(await (await browser.get("/login")).text()).toContain("Your session at Transmit has ended. Please log in again.");
  });

  it("after a signing-key rotation, new ID tokens verify once the JWKS is fetched again", async () => {
    const jwksFetches = async () => ((await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as Record<string, number>)["GET /cis/oidc/jwks"] ?? 0;
    await reachComplete(new Browser(app)); // the app has the JWKS cached now
    const before = await jwksFetches();
    await fetch(`${emulator.url}/__emulator/keys/rotate`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 31_000 }); // past jose's 30 s refetch cooldown
    await reachComplete(new Browser(app));
    expect(await jwksFetches()).toBe(before + 1);
  });

  it("a client token Transmit keeps rejecting reads as Transmit unavailable, never as a wrong password", async () => {
    const browser = new Browser(app);
    const user = newUser("variation");
    await browser.post("/signup", user);
    await fetch(`${emulator.url}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ endpoint: "POST /cis/v1/auth/password/authenticate", kind: "expired-token" }) });
    try {
      expect(location(await browser.post("/login", { username: user.username, password: user.password }))).toBe("/login");
      const html = await (await browser.get("/login")).text();
      expect(html).toContain("Transmit is unavailable right now.");
      expect(html).not.toContain("username or password");
    } finally {
      await fetch(`${emulator.url}/__emulator/faults`, { method: "DELETE" });
    }
  });
});
