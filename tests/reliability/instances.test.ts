import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appAt, Browser, location } from "../integration/app-client";
import { emulatorUrl, latestSmsTo, newUser, requestCounts } from "../integration/emulator-api";
import { walkTo } from "../support/flow-steps";
import { startAppProcess } from "../support/app-process";
import { startRedisServer } from "../support/redis-server";

/**
 * Two instances of the app behind an imaginary load balancer: the same SESSION_SECRET and
 * the same Redis, nothing else shared. A flow whose requests alternate between them
 * completes, and what one instance ends the other knows.
 */

let redis: Awaited<ReturnType<typeof startRedisServer>>;
let first: Awaited<ReturnType<typeof startAppProcess>>;
let second: Awaited<ReturnType<typeof startAppProcess>>;

beforeAll(async () => {
  redis = await startRedisServer();
  // The global setup's emulator, secret and limits; the instances run with production logging off.
  const settings = { REDIS_URL: redis.url, LOG_LEVEL: "silent" };
  [first, second] = await Promise.all([startAppProcess(settings), startAppProcess(settings)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
  await redis?.stop();
});

describe("two instances with one SESSION_SECRET and one Redis", () => {
  it("a flow whose requests alternate between them completes, and its logout holds on both", async () => {
    const browser = new Browser(appAt(first.origin, second.origin));
    const user = newUser("instances");
    expect(location(await browser.get("/"))).toBe("/signup");
    expect((await browser.get("/signup")).status).toBe(200);
    expect(location(await browser.post("/signup", user))).toBe("/login");
    expect(await (await browser.get("/login")).text()).toContain("Your account was created.");
    expect(location(await browser.post("/login", { username: user.username, password: user.password }))).toBe("/otp");
    expect((await browser.get("/otp")).status).toBe(200);
    expect(location(await browser.post("/otp", { passcode: (await latestSmsTo(user.phoneNumber)).code }))).toBe("/complete");
    expect(await (await browser.get("/complete")).text()).toContain("&quot;mfa&quot;");
    const loggedIn = browser.cookie;
    expect(location(await browser.post("/logout", {}))).toBe("/signup");

    // Logged out on one instance is logged out on both.
    for (const origin of [first.origin, second.origin]) {
      const replay = new Browser(appAt(origin));
      replay.cookie = loggedIn;
      expect(location(await replay.get("/complete")), origin).toBe("/signup");
    }
  });

  it("the same code sent to both instances at once reaches Transmit once, and both answers complete", async () => {
    const browser = new Browser(appAt(first.origin));
    const user = newUser("instances");
    await walkTo("/otp", browser, user, emulatorUrl());
    const { code } = await latestSmsTo(user.phoneNumber);
    const before = (await requestCounts())["POST /cis/v1/auth/otp/authenticate"] ?? 0;
    const tabs = [first.origin, second.origin].map((origin) => Object.assign(new Browser(appAt(origin)), { cookie: browser.cookie }));
    const answers = await Promise.all(tabs.map((tab) => tab.post("/otp", { passcode: code })));
    expect(answers.map(location)).toEqual(["/complete", "/complete"]);
    expect(((await requestCounts())["POST /cis/v1/auth/otp/authenticate"] ?? 0) - before).toBe(1);
  });

  it("an instance restarted mid-flow carries the flow on from the cookie", async () => {
    const browser = new Browser(appAt(first.origin));
    const user = newUser("restart");
    await walkTo("/otp", browser, user, emulatorUrl());
    await first.stop();
    await first.start();
    expect((await browser.get("/otp")).status).toBe(200);
    expect(location(await browser.post("/otp", { passcode: (await latestSmsTo(user.phoneNumber)).code }))).toBe("/complete");
  }, 40_000);
});
