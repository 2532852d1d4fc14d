import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { EMULATOR_PORT } from "../../playwright.config";
import { latestSmsTo, newUser } from "../support/emulator-outbox";
import { freePort } from "../support/free-port";
import { APP_LOG, E2E_SESSION_SECRET } from "./global-setup";
import { createUser, enterCode, logIn, signUp } from "./walk";

// The log check reads what the first walk used.
test.describe.configure({ mode: "serial" });

type ConsoleGroup = { title: string; lines: string[] };

/** The page's console, as groups of lines: what a person sees in the developer tools. */
function consoleGroups(page: Page): ConsoleGroup[] {
  const groups: ConsoleGroup[] = [];
  page.on("console", (message) => {
    if (message.type() === "startGroupCollapsed") groups.push({ title: message.text(), lines: [] });
    else if (message.type() === "log") groups.at(-1)?.lines.push(message.text());
  });
  return groups;
}

/** Calls made only when a cache is cold: the client token and the signing keys, shared by every flow. */
const CACHED_CALL = /^transmit (POST \/oidc\/token|GET \/cis\/oidc\/jwks) → 200 in \d+ ms$/;

/** The step's group is logged, with these lines, give or take the calls of a cold cache. */
async function expectGroup(groups: ConsoleGroup[], title: string, lines: (string | RegExp)[]) {
  await expect.poll(() => groups.map((group) => group.title)).toContain(title);
  const group = groups.find((candidate) => candidate.title === title) as ConsoleGroup;
  expect(group.lines.filter((line) => !CACHED_CALL.test(line))).toEqual(lines.map((line) => (typeof line === "string" ? line : expect.stringMatching(line))));
  for (const line of group.lines.filter((candidate) => candidate.startsWith("transmit"))) expect(line).toMatch(/^transmit (GET|POST) \/[a-z0-9/]+ → \d{3} in \d+ ms$/);
}

/** The statechart page, in a browser without JavaScript that holds the same cookie, shows `state` highlighted, and only it. */
async function expectChartAt(context: BrowserContext, noScript: BrowserContext, state: string) {
  await noScript.clearCookies();
  await noScript.addCookies(await context.cookies());
  const chart = await noScript.newPage();
  await chart.goto("/flow");
  await expect(chart.locator(`svg [data-state="${state}"]`)).toHaveAttribute("aria-current", "true");
  await expect(chart.locator('svg [aria-current="true"]')).toHaveCount(1);
  await chart.close();
}

const EMULATOR_URL = `http://localhost:${EMULATOR_PORT}`;

/** The secrets of the walk on the production app, which its log must not hold either. */
const walked: string[] = [];
const ms = String.raw`in \d+ ms$`;

test("each page logs the step that led to it, with its Transmit calls, and the statechart follows the flow", async ({ page, context, browser }) => {
  const groups = consoleGroups(page);
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const user = newUser("console");

  await page.goto("/signup");
  await expectGroup(groups, "flow: at signup, no step yet", []);
  await expectChartAt(context, noScript, "signup");

  await signUp(page, user);
  await expectGroup(groups, "flow: signup → login on SIGN_UP", [
    "transition signup → creatingUser on SIGN_UP",
    "transition creatingUser → login on done",
    new RegExp(`^transmit POST /cis/v1/users → 201 ${ms}`),
  ]);
  await expectChartAt(context, noScript, "login");

  await logIn(page, user.password);
  await expect(page).toHaveURL(/\/otp$/);
  await expectGroup(groups, "flow: login → otp on LOG_IN", [
    "transition login → authenticatingPassword on LOG_IN",
    "transition authenticatingPassword → sendingCode on done",
    "transition sendingCode → otp on done",
    new RegExp(`^transmit POST /cis/v1/auth/password/authenticate → 200 ${ms}`),
    new RegExp(`^transmit POST /cis/v1/auth/otp/send → 200 ${ms}`),
  ]);
  await expectChartAt(context, noScript, "otp");

  const { code } = await latestSmsTo(EMULATOR_URL, user.phoneNumber);
  await enterCode(page, code);
  await expect(page.getByRole("heading", { name: "Authentication complete" })).toBeVisible();
  await expectGroup(groups, "flow: otp → complete on SUBMIT_CODE", [
    "transition otp → verifyingCode on SUBMIT_CODE",
    "transition verifyingCode → complete on done",
    new RegExp(`^transmit POST /cis/v1/auth/otp/authenticate → 200 ${ms}`),
  ]);
  await expectChartAt(context, noScript, "complete");

  await page.getByRole("button", { name: "Restart" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expectGroup(groups, "flow: complete → signup on RESTART", [
    "transition complete → loggingOut on RESTART",
    "transition loggingOut → signup on done",
    new RegExp(`^transmit POST /cis/v1/auth/session/logout → 204 ${ms}`),
  ]);
  await expectChartAt(context, noScript, "signup");
  await noScript.close();

  walked.push(user.password, user.phoneNumber, code);
  const logged = JSON.stringify(groups);
  for (const secret of walked) expect(logged).not.toContain(secret);
});

test("in production the server logs each transition and Transmit call as a JSON line, and no secret", () => {
  const lines = readFileSync(APP_LOG, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("app      │ {"));
  const records = lines.map((line) => JSON.parse(line.slice("app      │ ".length)) as Record<string, unknown>);
  expect(records).toContainEqual(expect.objectContaining({ event: "flow.transition", from: "signup", on: "SIGN_UP", to: "creatingUser" }));
  expect(records).toContainEqual(expect.objectContaining({ event: "transmit.call", method: "POST", endpoint: "/cis/v1/users", status: 201, ms: expect.any(Number) }));
  expect(walked).toHaveLength(3);
  for (const secret of walked) expect(lines.join("\n")).not.toContain(secret);
});

/** `npm run dev`, on ports of its own, with its output. */
async function startDev(): Promise<{ url: string; emulatorUrl: string; output: () => string; stop: () => Promise<void> }> {
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(tmpdir(), "e2e-dev-emulator-"));
  let output = "";
  const dev: ChildProcess = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/start.ts", "--dev"], {
    env: { NODE_ENV: "production", PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), EMULATOR_PORT: String(emulatorPort), EMULATOR_DATA_DIR: dataDir, SESSION_SECRET: E2E_SESSION_SECRET, RATE_LIMIT_POSTS_PER_MINUTE: "1000" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  for (const stream of [dev.stdout, dev.stderr]) stream?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://localhost:${port}`;
  const stop = async () => {
    if (dev.exitCode === null && dev.pid) {
      const exited = new Promise((resolve) => dev.once("exit", resolve));
      process.kill(-dev.pid, "SIGINT");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  await expect
    .poll(async () => dev.exitCode === null && (await fetch(`${url}/signup`).then((response) => response.ok, () => false)), { timeout: 60_000, message: "npm run dev answers" })
    .toBe(true);
  return { url, emulatorUrl: `http://localhost:${emulatorPort}`, output: () => output, stop };
}

/** Stands in for stately.ai/inspect: says it is connected, as the real one does, and keeps what the page sends it. */
const FAKE_INSPECTOR = `<!doctype html><title>Stately inspector</title><script>
  window.received = [];
  addEventListener("message", (message) => window.received.push(message.data));
  window.opener.postMessage({ type: "@statelyai.connected" }, "*");
</script>`;

type Received = { type: string; definition?: string; event?: { type: string }; snapshot?: { value?: string; context?: Record<string, unknown> } };

test("npm run dev: the inspector button opens the Stately inspector, fed by the mirror; the log reads line by line", async ({ browser }) => {
  test.setTimeout(120_000);
  const dev = await startDev();
  try {
    const context = await browser.newContext({ baseURL: dev.url });
    await context.route("https://stately.ai/**", (route) => route.fulfill({ contentType: "text/html", body: FAKE_INSPECTOR }));
    const page = await context.newPage();
    const user = newUser("inspected");
    await page.goto("/signup");
    const open = page.getByRole("button", { name: "Open the Stately inspector" });
    await expect(open).toBeEnabled();
    const [inspector] = await Promise.all([page.waitForEvent("popup"), open.click()]);
    expect(inspector.url()).toMatch(/^https:\/\/stately\.ai\/inspect/);

    // The mirror lives in this tab's script: the walk goes on without reloading it.
    await createUser(page, user);
    await logIn(page, user.password);
    await expect(page).toHaveURL(/\/otp$/);
    const values = () => inspector.evaluate(() => (window as unknown as { received: Received[] }).received.filter(({ type }) => type === "@xstate.snapshot").map(({ snapshot }) => snapshot?.value));
    await expect.poll(values).toEqual(["signup", "creatingUser", "login", "authenticatingPassword", "sendingCode", "otp"]);

    const received = await inspector.evaluate(() => (window as unknown as { received: Received[] }).received);
    expect(received[0]?.type).toBe("@xstate.actor");
    expect(JSON.parse(received[0]?.definition ?? "{}")).toMatchObject({ id: "mfaFlow", initial: "signup" });
    expect(received.filter(({ type }) => type === "@xstate.event").map(({ event }) => event?.type)).toEqual([
      "SIGN_UP",
      "xstate.done.actor.0.mfaFlow.creatingUser",
      "LOG_IN",
      "xstate.done.actor.0.mfaFlow.authenticatingPassword",
      "xstate.done.actor.0.mfaFlow.sendingCode",
    ]);
    expect(received.at(-1)?.snapshot?.context).toMatchObject({ username: user.username, userId: "[redacted]", sessionId: "[redacted]", phoneHint: `+1 ••• ••• ${user.phoneNumber.slice(-4)}` });
    const { code } = await latestSmsTo(dev.emulatorUrl, user.phoneNumber);
    for (const secret of [user.password, user.phoneNumber, code]) expect(JSON.stringify(received)).not.toContain(secret);
    await context.close();

    // One readable line per transition and per Transmit call, and no secret in any of the app's lines.
    const lines = dev.output().split("\n").filter((line) => line.startsWith("app "));
    expect(lines).toContainEqual(expect.stringMatching(/^app +│ [\d:.]+ DEBUG flow\.transition signup → creatingUser on SIGN_UP$/));
    expect(lines).toContainEqual(expect.stringMatching(/^app +│ [\d:.]+ DEBUG flow\.transition sendingCode → otp on done$/));
    expect(lines).toContainEqual(expect.stringMatching(/^app +│ [\d:.]+ DEBUG transmit\.call POST \/cis\/v1\/auth\/password\/authenticate 200 in \d+ ms$/));
    for (const secret of [user.password, user.phoneNumber, code]) expect(lines.join("\n")).not.toContain(secret);
  } finally {
    await dev.stop();
  }
});
