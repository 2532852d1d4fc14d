import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../integration/app-client";
import { Browser, location } from "../support/browser";
import { clearEmulatorFaults, injectFault, latestSmsTo, newUser, requestCounts } from "../support/emulator-outbox";
import { flowPage, walkTo, type FlowPage, type User } from "../support/flow-steps";
import { startSwitchableProxy } from "../support/switchable-proxy";
import { appSettingsFor, startTestEmulator, type TestEmulator } from "../support/test-emulator";

/**
 * Every step of the flow against every way Transmit fails: the person sees that Transmit
 * is unavailable on the same step, with their input kept, the flow stays where it was,
 * and once Transmit is back the same action goes through.
 */

/** Short enough for the slow fault to outlast, long enough for any call on a busy machine. */
const TIMEOUT_MS = 1_200;
/** Longer than the app waits; the emulator still does the work afterwards, as a slow Transmit would. */
const SLOW_MS = 2_500;
const UNAVAILABLE = "Transmit is unavailable right now";

let emulator: TestEmulator;
let proxy: Awaited<ReturnType<typeof startSwitchableProxy>>;
let app: App;

beforeAll(async () => {
  // An emulator and a way to take it down, for this file alone: its faults must not reach other tests.
  emulator = await startTestEmulator();
  proxy = await startSwitchableProxy(new URL(emulator.url));
  Object.assign(process.env, appSettingsFor(emulator, proxy.url), {
    TRANSMIT_TIMEOUT_MS: String(TIMEOUT_MS),
    TRANSMIT_RETRIES: "1",
    TRANSMIT_RETRY_DELAY_MS: "10",
  });
  // Loaded once the settings are in the environment: the app reads them as it loads.
  app = await (await import("../integration/app-client")).loadApp();
});
afterAll(async () => {
  await proxy.stop();
  await emulator.stop();
});
afterEach(async () => {
  await clearFaults();
  await proxy.up();
});

/** `workDone`: Transmit did what was asked (a user created, a code used) though the app saw it fail. */
type Fault = { name: string; workDone: boolean; start: (endpoint: string) => Promise<void> };

const inject = (fault: Record<string, unknown>) => injectFault(emulator.url, fault);
const clearFaults = () => clearEmulatorFaults(emulator.url);

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const FAULTS: Fault[] = [
  { name: "Transmit down (connection refused)", workDone: false, start: () => proxy.down() },
  { name: "slower than the timeout", workDone: true, start: (endpoint) => inject({ endpoint, kind: "slow", delay_ms: SLOW_MS }) },
  { name: "500", workDone: false, start: (endpoint) => inject({ endpoint, kind: "error", status: 500 }) },
  { name: "503", workDone: false, start: (endpoint) => inject({ endpoint, kind: "error", status: 503 }) },
  { name: "malformed JSON", workDone: false, start: (endpoint) => inject({ endpoint, kind: "malformed" }) },
  { name: "a reset connection", workDone: false, start: (endpoint) => inject({ endpoint, kind: "drop" }) },
  { name: "429", workDone: false, start: (endpoint) => inject({ endpoint, kind: "rate-limit" }) },
  // The answer lost on its way back, after Transmit did the work.
  { name: "503 after the work", workDone: true, start: (endpoint) => inject({ endpoint, kind: "error", status: 503, after_work: true }) },
  { name: "malformed JSON after the work", workDone: true, start: (endpoint) => inject({ endpoint, kind: "malformed", after_work: true }) },
  { name: "a reset connection after the work", workDone: true, start: (endpoint) => inject({ endpoint, kind: "drop", after_work: true }) },
];

async function endFault(fault: Fault) {
  await clearFaults();
  await proxy.up();
  // What a slow Transmit was still doing finishes before the person tries again.
  if (fault.name === "slower than the timeout") await wait(SLOW_MS);
}

type Walk = { browser: Browser; user: User };

/** A new person's flow on `page`, reached by their own steps. */
async function reach(page: FlowPage): Promise<Walk> {
  const walk = { browser: new Browser(app), user: newUser("faults") };
  await walk.browser.get("/signup");
  await walkTo(page, walk.browser, walk.user, emulator.url);
  return walk;
}

/** The page a step's action showed: rendered in place, or after its redirect. */
async function shown(walk: Walk, response: Response): Promise<{ page: string; html: string }> {
  const target = location(response);
  if (!target) return { page: "(rendered)", html: await response.text() };
  return { page: target, html: await (await walk.browser.get(target)).text() };
}

type Step = {
  name: string;
  endpoint: string;
  reach: () => Promise<Walk>;
  page: string;
  act: (walk: Walk) => Promise<Response>;
  /** The person's non-secret input, as the page must still show it. */
  kept?: (walk: Walk) => string[];
  /** Where the action leads once Transmit answers. */
  succeeds: (walk: Walk, response: Response) => Promise<void>;
};

const STEPS: Step[] = [
  {
    name: "signup",
    endpoint: "POST /cis/v1/users",
    reach: () => reach("/signup"),
    page: "/signup",
    act: ({ browser, user }) => browser.post("/signup", user),
    kept: ({ user }) => [`value="${user.username}"`, `value="${user.phoneNumber}"`],
    succeeds: async (walk, response) => {
      expect(location(response)).toBe("/login");
      // One user, whose password works, however many tries it took.
      expect(location(await walk.browser.post("/login", { username: walk.user.username, password: walk.user.password }))).toBe("/otp");
    },
  },
  {
    name: "login",
    endpoint: "POST /cis/v1/auth/password/authenticate",
    reach: () => reach("/login"),
    page: "/login",
    act: ({ browser, user }) => browser.post("/login", { username: user.username, password: user.password }),
    kept: ({ user }) => [`value="${user.username}"`],
    succeeds: async (_, response) => expect(location(response)).toBe("/otp"),
  },
  {
    name: "sending the code",
    endpoint: "POST /cis/v1/auth/otp/send",
    reach: async () => {
      const walk = await reach("/otp");
      // The integration tests' resend cooldown is one second.
      await wait(1_100);
      return walk;
    },
    page: "/otp",
    act: ({ browser }) => browser.post("/otp", { intent: "resend" }),
    succeeds: async (walk, response) => {
      expect(location(response)).toBe("/otp");
      expect(await (await walk.browser.get("/otp")).text()).toContain("We sent a code by SMS");
      const { code } = await latestSmsTo(emulator.url, walk.user.phoneNumber);
      expect(location(await walk.browser.post("/otp", { passcode: code }))).toBe("/complete");
    },
  },
  {
    name: "verifying the code",
    endpoint: "POST /cis/v1/auth/otp/authenticate",
    reach: () => reach("/otp"),
    page: "/otp",
    act: async ({ browser, user }) => browser.post("/otp", { passcode: (await latestSmsTo(emulator.url, user.phoneNumber)).code }),
    succeeds: async (_, response) => expect(location(response)).toBe("/complete"),
  },
  {
    name: "logout",
    endpoint: "POST /cis/v1/auth/session/logout",
    reach: () => reach("/complete"),
    page: "/complete",
    act: ({ browser }) => browser.post("/logout", {}),
    succeeds: async (walk, response) => {
      expect(location(response)).toBe("/signup");
      expect(await flowPage(walk.browser)).toBe("/signup");
    },
  },
];

describe.each(STEPS)("$name, when Transmit fails", (step) => {
  it.each(FAULTS)("$name: a clear message on the same step, the flow unchanged, and the same action works once it clears", async (fault) => {
    const walk = await step.reach();
    await fault.start(step.endpoint);
    const failed = await shown(walk, await step.act(walk));
    expect([step.page, "(rendered)"]).toContain(failed.page);
    expect(failed.html).toContain(UNAVAILABLE);
    for (const input of step.kept?.(walk) ?? []) expect(failed.html).toContain(input);
    expect(failed.html).not.toContain(walk.user.password);
    expect(await flowPage(walk.browser)).toBe(step.page);

    await endFault(fault);
    if (step.name === "verifying the code" && fault.workDone) {
      // A code works once, and Transmit has used it: the page says so, and a new code goes through.
      const again = await shown(walk, await step.act(walk));
      expect(again.html).toContain("Transmit may have used this code before its answer was lost. Send a new code.");
      await wait(1_100);
      expect(location(await walk.browser.post("/otp", { intent: "resend" }))).toBe("/otp");
    }
    await step.succeeds(walk, await step.act(walk));
  });

  it("an expired client token is fetched again once and the call retried, unseen by the person", async () => {
    const walk = await step.reach();
    const before = await requestCounts(emulator.url);
    await inject({ endpoint: step.endpoint, kind: "expired-token", times: 1 });
    await step.succeeds(walk, await step.act(walk));
    const after = await requestCounts(emulator.url);
    expect((after["POST /oidc/token"] ?? 0) - (before["POST /oidc/token"] ?? 0)).toBe(1);
    expect((after[step.endpoint] ?? 0) - (before[step.endpoint] ?? 0)).toBeGreaterThanOrEqual(2);
  });
});

describe("what is retried", () => {
  it("a signup Transmit failed is not sent again by the app: one call, and the person decides", async () => {
    const walk = await reach("/signup");
    const before = await requestCounts(emulator.url);
    await inject({ endpoint: "POST /cis/v1/users", kind: "error", status: 503, times: 1 });
    await walk.browser.post("/signup", walk.user);
    expect(((await requestCounts(emulator.url))["POST /cis/v1/users"] ?? 0) - (before["POST /cis/v1/users"] ?? 0)).toBe(1);
  });

  it("a new code Transmit failed to send is not sent again by the app", async () => {
    const walk = await reach("/otp");
    await wait(1_100);
    const before = await requestCounts(emulator.url);
    await inject({ endpoint: "POST /cis/v1/auth/otp/send", kind: "error", status: 503, times: 1 });
    await walk.browser.post("/otp", { intent: "resend" });
    expect(((await requestCounts(emulator.url))["POST /cis/v1/auth/otp/send"] ?? 0) - (before["POST /cis/v1/auth/otp/send"] ?? 0)).toBe(1);
  });
});
