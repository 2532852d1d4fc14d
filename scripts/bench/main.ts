/**
 * `npm run bench`: starts the app as `npm start` does, on the embedded emulator, and measures
 * in one run what docs/benchmarks.md lists: the app's overhead over Transmit per step,
 * throughput, cookie sizes, the JavaScript shipped, calls to Transmit per flow, and start
 * time. Prints a table, writes bench-results/latest.json, and exits 1 when a budget is missed.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { appAt } from "../../tests/support/browser.ts";
import { cookieBudgets, measureCookies } from "./cookies.ts";
import { javaScriptBudgets, measureJavaScript } from "./javascript.ts";
import { measureOverhead, overheadBudgets } from "./overhead.ts";
import { machine } from "./machine.ts";
import { formatReport, type Results } from "./report.ts";
import { benchSettings } from "./settings.ts";
import { buildApp, LIFTED_LIMITS, RESULTS_DIR, startStack } from "./stack.ts";
import { percentile } from "./stats.ts";
import { measureThroughput, type ThroughputRun } from "./throughput.ts";
import { measureTransmitCalls, transmitCallBudgets } from "./transmit-calls.ts";

const progress = (message: string) => console.error(`bench │ ${message}`);

/** Forgets the emulator's users between phases, so that its user store, a file rewritten on every change, stays small. */
async function resetEmulator(emulatorUrl: string): Promise<void> {
  const response = await fetch(`${emulatorUrl}/__emulator/reset`, { method: "POST" });
  if (response.status !== 204) throw new Error(`The emulator's reset answered ${response.status}`);
}

const settings = benchSettings();
progress("building the app (remix build)");
buildApp();
progress(`timing ${settings.startRuns} × npm start (app on :${settings.appPort}, emulator on :${settings.emulatorPort})`);
const { stack, startMs } = await startStack(settings);
let measured: Omit<Results, "date" | "commit" | "machine" | "settings" | "liftedLimits" | "startMs" | "budgets">;
try {
  const app = appAt(stack.appUrl);
  const { emulatorUrl } = stack;
  progress("counting calls to Transmit");
  const transmitCalls = await measureTransmitCalls(app, emulatorUrl);
  progress("measuring cookies");
  await resetEmulator(emulatorUrl);
  const cookies = await measureCookies(app, emulatorUrl);
  progress("measuring JavaScript, and the flow without it");
  const javascript = await measureJavaScript(app, emulatorUrl);

  // The direct calls use the app's own Transmit client, configured as the app is (transmit-direct.ts).
  Object.assign(process.env, stack.appEnv, { LOG_LEVEL: "silent" });
  await resetEmulator(emulatorUrl);
  progress(`overhead: ${settings.warmUp} flows to warm up first`);
  const overhead = await measureOverhead(app, emulatorUrl, stack.appPid, settings, (done) => {
    if (done % 50 === 0 || done === settings.iterations) progress(`overhead: ${done}/${settings.iterations} flows`);
  });

  const throughput: ThroughputRun[] = [];
  for (const users of settings.concurrency) {
    progress(`throughput: ${users} users for ${settings.seconds} s`);
    await resetEmulator(emulatorUrl);
    throughput.push(await measureThroughput(app, emulatorUrl, { app: stack.appPid, emulator: stack.emulatorPid }, users, settings.seconds));
  }
  measured = { transmitCalls, cookies, javascript, overhead, throughput };
} finally {
  await stack.stop();
}

const results: Results = {
  date: new Date().toISOString(),
  commit: spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim() || "unknown",
  machine: machine(),
  settings,
  liftedLimits: LIFTED_LIMITS,
  startMs: { runs: startMs, median: percentile(startMs, 50) },
  ...measured,
  budgets: [
    ...overheadBudgets(measured.overhead),
    ...measured.throughput.map((run) => ({ name: `Flows failed, ${run.users} users`, limit: "none", actual: String(run.failedFlows), met: run.failedFlows === 0 })),
    ...cookieBudgets(measured.cookies),
    ...javaScriptBudgets(measured.javascript),
    ...transmitCallBudgets(measured.transmitCalls),
  ],
};

console.log(formatReport(results));
const file = path.join(RESULTS_DIR, "latest.json");
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
progress(`written to ${path.relative(process.cwd(), file)}`);
const missed = results.budgets.filter((budget) => !budget.met);
if (missed.length > 0) {
  progress(`${missed.length} budget(s) missed: ${missed.map((budget) => budget.name).join("; ")}`);
  process.exitCode = 1;
}
