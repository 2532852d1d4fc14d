import type { CallsResult } from "./transmit-calls.ts";
import type { CookieSizes } from "./cookies.ts";
import { STEPS } from "./flow-walk.ts";
import type { JavaScriptResult } from "./javascript.ts";
import type { Machine } from "./machine.ts";
import type { OverheadResult } from "./overhead.ts";
import type { Budget } from "./report-types.ts";
import type { BenchSettings } from "./settings.ts";
import type { ThroughputRun } from "./throughput.ts";

/** Everything one run measured: what bench-results/latest.json holds. */
export type Results = {
  date: string;
  commit: string;
  machine: Machine;
  settings: BenchSettings;
  /** Environment the app ran with that differs from its defaults, for the measurement's sake. */
  liftedLimits: Record<string, string>;
  startMs: { runs: number[]; median: number };
  transmitCalls: CallsResult;
  cookies: CookieSizes;
  javascript: JavaScriptResult;
  overhead: OverheadResult;
  throughput: ThroughputRun[];
  budgets: Budget[];
};

/** Columns padded to their widest cell; columns of numbers are right-aligned. */
function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  const numeric = header.map((_, column) => rows.every((row) => /^-?[\d.]+$/.test(String(row[column]))));
  const line = (row: string[]) => row.map((cell, column) => (numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join("  ").trimEnd();
  return [line(cells[0] as string[]), widths.map((width) => "-".repeat(width)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

const ms = (value: number) => value.toFixed(2);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export function formatReport(results: Results): string {
  const { machine, overhead, throughput, cookies, javascript, transmitCalls, startMs } = results;
  const endpoints = [...new Set([...Object.keys(transmitCalls.firstFlow), ...Object.keys(transmitCalls.laterFlow)])].sort();
  return [
    `Benchmark of ${results.commit} on ${results.date}: ${machine.os}, Node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel})`,
    `The app ran as \`npm start\` runs it, on the emulator, with ${Object.entries(results.liftedLimits).map(([name, value]) => `${name}=${value}`).join(", ")} (why: scripts/bench/stack.ts).`,
    "",
    `1. The app's own overhead per step: ${overhead.iterations} flows through the app, and as many straight to Transmit, after ${overhead.warmUp} of each not counted (ms)`,
    table(
      ["step", "app p50", "app p99", "Transmit p50", "Transmit p99", "overhead p50", "overhead p99"],
      STEPS.map((step) => {
        const { app, transmit, overhead: added } = overhead.steps[step];
        return [step, ms(app.p50), ms(app.p99), ms(transmit.p50), ms(transmit.p99), ms(added.p50), ms(added.p99)];
      }),
    ),
    "   Where the app's time went, per request (ms, p50): its CPU time, the part of it the Transmit client takes (as measured",
    "   on the same calls made directly), and its time ready to run but waiting for a CPU the machine gave to something else.",
    table(
      ["step", "app CPU", "of it, Transmit client", "app waiting for a CPU"],
      STEPS.map((step) => {
        const { appCpuMs, clientCpuMs, appWaitMs } = overhead.steps[step];
        return [step, ms(appCpuMs.p50), ms(clientCpuMs.p50), ms(appWaitMs.p50)];
      }),
    ),
    "",
    `2. Throughput: whole flows, signup to restart, over HTTP, ${results.settings.seconds} s per run`,
    table(
      ["users", "flows", "failed", "flows/s", "flow p50 ms", "flow p99 ms", "app peak RSS MB", "app CPU ms/flow", "app CPU %", "emulator CPU ms/flow", "emulator CPU %"],
      throughput.map((run) => [
        run.users,
        run.flows,
        run.failedFlows,
        run.flowsPerSecond.toFixed(1),
        run.flowMs.p50.toFixed(0),
        run.flowMs.p99.toFixed(0),
        mb(run.appPeakRssBytes),
        run.appCpu.perFlowMs.toFixed(1),
        run.appCpu.percentOfOneCpu.toFixed(0),
        run.emulatorCpu.perFlowMs.toFixed(1),
        run.emulatorCpu.percentOfOneCpu.toFixed(0),
      ]),
    ),
    `   CPU % is of one CPU; the machine has ${results.machine.cpus}.`,
    ...throughput.filter((run) => run.failure).map((run) => `   ${run.users} users, first failure: ${run.failure}`),
    "",
    "3. Largest Set-Cookie per state, with 64-character usernames and a 15-digit phone number",
    table(["state", "bytes", "largest with the username"], Object.entries(cookies).map(([state, { bytes, username }]) => [state, bytes, username])),
    "",
    "4. JavaScript of a first visit to each page",
    table(
      ["page", "files", "bytes", "gzip bytes", "later, on use: gzip bytes", "of"],
      Object.entries(javascript.pages).map(([page, size]) => [page, size.files, size.bytes, size.gzipBytes, size.later.gzipBytes, size.later.files.map((file) => file.split("/").pop()).join(" ") || "nothing"]),
    ),
    "   Later: modules the page's code imports with import() when it runs (the signup form fetches the phone metadata once in use).",
    javascript.withoutJavaScript.completed
      ? "   Without JavaScript: the flow completed with each page's own form posts, no script run."
      : `   Without JavaScript: the flow failed: ${javascript.withoutJavaScript.failure}`,
    "",
    "5. Calls to Transmit per flow, by endpoint (the emulator's counts)",
    table(["endpoint", "first flow after start", "a later flow"], endpoints.map((endpoint) => [endpoint, transmitCalls.firstFlow[endpoint] ?? 0, transmitCalls.laterFlow[endpoint] ?? 0])),
    "",
    `6. Start: \`npm start\` to the app's first 200, built beforehand: median ${startMs.median.toFixed(0)} ms of ${startMs.runs.map((run) => run.toFixed(0)).join(", ")} ms`,
    "",
    "Budgets",
    table(["budget", "limit", "this run", "met"], results.budgets.map((budget) => [budget.name, budget.limit, budget.actual, budget.met ? "yes" : "NO"])),
  ].join("\n");
}
