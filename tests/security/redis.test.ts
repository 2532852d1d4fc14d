import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App, Browser as BrowserType } from "../integration/app-client";
import { latestSmsTo, newUser } from "../integration/emulator-api";
import { startRedisServer } from "../support/redis-server";

// A real redis-server of this test's own; the app keeps its limits there.
let redisServer: Awaited<ReturnType<typeof startRedisServer>>;
let redis: Redis;
let app: App;
let Browser: typeof BrowserType;
let location: (response: Response) => string | null;

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = redisServer.client;
  process.env.REDIS_URL = redisServer.url;
  const client = await import("../integration/app-client");
  app = await client.loadApp();
  Browser = client.Browser;
  location = client.location;
});
afterAll(() => redisServer?.stop());

async function complete() {
  const browser = new Browser(app);
  const user = newUser("redis");
  await browser.post("/signup", user);
  await browser.post("/login", { username: user.username, password: user.password });
  const { code } = await latestSmsTo(user.phoneNumber);
  expect(location(await browser.post("/otp", { passcode: code }))).toBe("/complete");
  return Object.assign(browser, { user, code });
}

describe("with REDIS_URL, the server-side state lives in Redis", () => {
  it("rate limits, code counters and ended flows are Redis keys, with lifetimes", async () => {
    const browser = await complete();
    await browser.post("/logout", {});
    const keys = await redis.keys("mfa-*");
    for (const prefix of ["mfa-posts:", "mfa-code-cooldown:", "mfa-code-sends:", "mfa-ended:"]) {
      expect(keys.some((key) => key.startsWith(prefix)), prefix).toBe(true);
    }
    // Kept as long as the flow could have lived: its ID token's hour, and the ten minutes of notice.
    const ended = keys.find((key) => key.startsWith("mfa-ended:")) as string;
    expect(await redis.ttl(ended)).toBeGreaterThan(3600);
    expect(await redis.ttl(ended)).toBeLessThanOrEqual(4200);
  });

  it("so a replayed cookie is refused by whichever instance asks Redis, and only while Redis says so", async () => {
    const browser = await complete();
    const copy = browser.cookie;
    await browser.post("/logout", {});
    browser.cookie = copy;
    expect(location(await browser.get("/complete"))).toBe("/signup");
    // Without the entry in Redis no instance would know: the state is not in the process.
    await redis.flushall();
    browser.cookie = copy;
    expect((await browser.get("/complete")).status).toBe(200);
  });

  it("a verified code's replay record names nothing and reveals nothing: no session_id, user or phone number", async () => {
    const { user, code } = await complete();
    const keys = await redis.keys("mfa-result:*");
    expect(keys.length).toBeGreaterThan(0);
    expect(await redis.keys("mfa-lock:*")).toEqual([]);
    const stored = [...keys, ...(await Promise.all(keys.map((key) => redis.get(key))))].join("\n");
    for (const secret of [code, user.username, user.phoneNumber, user.password]) expect(stored).not.toContain(secret);
    expect(stored).not.toMatch(/session|"sub"|amr/);
    expect(await redis.pttl(keys[0] as string)).toBeLessThanOrEqual(5_000);
  });

  it("when Redis is gone, a logged-out cookie stays logged out: the check fails closed", async () => {
    const browser = await complete();
    const copy = browser.cookie;
    await browser.post("/logout", {});
    await redisServer.kill();
    browser.cookie = copy;
    expect(location(await browser.get("/complete"))).toBe("/signup");
  });
});
