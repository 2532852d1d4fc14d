import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App, Browser as BrowserType } from "./app-client";
import { newUser, requestCounts } from "../support/emulator-outbox";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator";

// A tenant whose wrong-password 401 carries a numeric error_code, as its identity endpoints do.
let emulator: TestEmulator;
let app: App;
let Browser: typeof BrowserType;
beforeAll(async () => {
  emulator = await startTestEmulator({ EMULATOR_PASSWORD_FAILURE_BODY: "numeric" });
  process.env.TRANSMIT_API_BASE = emulator.url;
  const client = await import("./app-client");
  app = await client.loadApp();
  Browser = client.Browser;
});
afterAll(() => emulator.stop());

describe("a wrong password answered with a numeric error_code", () => {
  it("still reads as a wrong password, and the password is sent once", async () => {
    const browser = new Browser(app);
    const user = newUser("numeric");
    await browser.post("/signup", user);
    const before = (await requestCounts(emulator.url))["POST /cis/v1/auth/password/authenticate"] ?? 0;
    await browser.post("/login", { username: user.username, password: `${user.password}-wrong` });
    expect(await (await browser.get("/login")).text()).toContain("The username or password is not right.");
    expect((await requestCounts(emulator.url))["POST /cis/v1/auth/password/authenticate"]).toBe(before + 1);
  });
});
