import { Browser, type App } from "../../tests/support/browser.ts";
import { newUser } from "../../tests/support/emulator-outbox.ts";
import { walkFlow } from "./flow-walk.ts";
import { peakRss, resetPeakRss, schedulerTimes } from "./processes.ts";
import { percentile } from "./stats.ts";

/** A process's CPU time in a run: per complete flow, and as a share of one CPU. */
export type CpuUse = { perFlowMs: number; percentOfOneCpu: number };

export type ThroughputRun = {
  users: number;
  flows: number;
  failedFlows: number;
  /** The first failure's message, if any flow failed. */
  failure: string | null;
  flowsPerSecond: number;
  flowMs: { p50: number; p99: number };
  appPeakRssBytes: number;
  appCpu: CpuUse;
  emulatorCpu: CpuUse;
};

/**
 * `users` new visitors at once, each walking one whole flow after the other for `seconds`
 * (a flow under way then is finished and counted), over HTTP with a cookie jar each.
 */
export async function measureThroughput(app: App, emulatorUrl: string, pids: { app: number; emulator: number }, users: number, seconds: number): Promise<ThroughputRun> {
  resetPeakRss(pids.app);
  const flowMs: number[] = [];
  let failedFlows = 0;
  let failure: string | null = null;
  const cpuBefore = { app: schedulerTimes(pids.app).cpuMs, emulator: schedulerTimes(pids.emulator).cpuMs };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const user = async () => {
    while (performance.now() < deadline) {
      const flowStarted = performance.now();
      try {
        await walkFlow(new Browser(app), emulatorUrl, newUser("bench-load"));
        flowMs.push(performance.now() - flowStarted);
      } catch (error) {
        failedFlows++;
        failure ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: users }, user));
  const elapsedMs = performance.now() - started;
  const cpuUse = (pid: number, before: number): CpuUse => {
    const cpuMs = schedulerTimes(pid).cpuMs - before;
    return { perFlowMs: cpuMs / flowMs.length, percentOfOneCpu: (100 * cpuMs) / elapsedMs };
  };
  return {
    users,
    flows: flowMs.length,
    failedFlows,
    failure,
    flowsPerSecond: flowMs.length / (elapsedMs / 1000),
    flowMs: { p50: percentile(flowMs, 50), p99: percentile(flowMs, 99) },
    appPeakRssBytes: peakRss(pids.app),
    appCpu: cpuUse(pids.app, cpuBefore.app),
    emulatorCpu: cpuUse(pids.emulator, cpuBefore.emulator),
  };
}
