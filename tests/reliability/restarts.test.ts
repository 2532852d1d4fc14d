import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorConfigFromEnv } from "../../emulator/config";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import type { App, Browser as BrowserType } from "../integration/app-client";
import { latestSmsTo, newUser } from "../support/emulator-outbox";
import { walkTo } from "../support/flow-steps";
import { appSettingsFor, startTestEmulator, type TestEmulator } from "../support/test-emulator";

/**
 * The emulator restarted mid-flow, on its port and with its data folder: users are still
 * there, and a flow in progress starts again at login with a message that says why.
 * (An app restarted mid-flow is in instances.test.ts.)
 */

let emulator: TestEmulator;
let restarted: RunningEmulator | null = null;
let app: App;
let Browser: typeof BrowserType;
let location: (response: Response) => string | null;

beforeAll(async () => {
  emulator = await startTestEmulator();
  Object.assign(process.env, appSettingsFor(emulator));
  const client = await import("../integration/app-client");
  app = await client.loadApp();
  Browser = client.Browser;
  location = client.location;
});
afterAll(async () => {
  await restarted?.close();
  await emulator.stop();
});

/** Stops the emulator and starts it again on the same port and data folder, as a crash and restart would. */
async function restartEmulator() {
  await (restarted ?? emulator).close();
  const port = new URL(emulator.url).port;
  restarted = await startEmulator(emulatorConfigFromEnv({ EMULATOR_PORT: port, EMULATOR_DATA_DIR: emulator.dataDir }), () => {});
}

describe("when the emulator restarts mid-flow", () => {
  it("the code page's flow starts again at login with a clear message, and the user can log in", async () => {
    const browser = new Browser(app);
    const user = newUser("restart");
    await walkTo("/otp", browser, user, emulator.url);
    const { code } = await latestSmsTo(emulator.url, user.phoneNumber);

    await restartEmulator();
    // Its sessions and codes lived in memory; the code's session is gone.
    expect(location(await browser.post("/otp", { passcode: code }))).toBe("/login");
    const login = await (await browser.get("/login")).text();
    expect(login).toContain("Your session at Transmit has ended. Please log in again.");
    expect(login).toContain(`value="${user.username}"`);

    // The user is still there, and the app's cached client token still works or is fetched again.
    expect(location(await browser.post("/login", { username: user.username, password: user.password }))).toBe("/otp");
    expect(location(await browser.post("/otp", { passcode: (await latestSmsTo(emulator.url, user.phoneNumber)).code }))).toBe("/complete");
  });

  it("a completed flow restarts cleanly: logout of a session the emulator forgot ends it here too", async () => {
    const browser = new Browser(app);
    await walkTo("/complete", browser, newUser("restart"), emulator.url);
    await restartEmulator();
    expect(location(await browser.post("/logout", {}))).toBe("/signup");
  });
});
