import { Browser, type App } from "../../tests/support/browser.ts";
import { newUser } from "../../tests/support/emulator-outbox.ts";
import { STEPS, walkFlow, type Step } from "./flow-walk.ts";
import { schedulerTimes } from "./processes.ts";
import type { Budget } from "./report-types.ts";
import { percentile } from "./stats.ts";
import { directFlow } from "./transmit-direct.ts";

export const OVERHEAD_BUDGET_MS = 5;

type Percentiles = { p50: number; p99: number };
export type StepOverhead = {
  app: Percentiles;
  transmit: Percentiles;
  overhead: Percentiles;
  /** The app's CPU time during the step's request, and its time waiting for a CPU (a busy machine). */
  appCpuMs: Percentiles;
  appWaitMs: Percentiles;
  /** The CPU time the Transmit client took for the same calls made directly: part of the app's too. */
  clientCpuMs: Percentiles;
};
export type OverheadResult = { iterations: number; warmUp: number; steps: Record<Step, StepOverhead> };

function perStep(): Record<Step, number[]> {
  return Object.fromEntries(STEPS.map((step) => [step, []])) as unknown as Record<Step, number[]>;
}

const percentiles = (values: number[]): Percentiles => ({ p50: percentile(values, 50), p99: percentile(values, 99) });

/**
 * Each step's request to the app against the same Transmit calls made directly, one flow
 * of each after the other, so that whatever else the machine is doing slows both alike;
 * after `warmUp` flows of each not counted, for a server that has been running a while:
 * the app's code optimised, connections open.
 */
export async function measureOverhead(app: App, emulatorUrl: string, appPid: number, { iterations, warmUp }: { iterations: number; warmUp: number }, progress: (done: number) => void): Promise<OverheadResult> {
  const appMs = perStep();
  const transmitMs = perStep();
  const cpuMs = perStep();
  const waitMs = perStep();
  const clientCpuMs = perStep();
  for (let flow = -warmUp; flow < iterations; flow++) {
    const counted = flow >= 0;
    let before = schedulerTimes(appPid);
    await walkFlow(new Browser(app), emulatorUrl, newUser("bench"), {
      beforeStep: () => void (before = schedulerTimes(appPid)),
      onStep: (step, ms) => {
        const after = schedulerTimes(appPid);
        if (!counted) return;
        appMs[step].push(ms);
        cpuMs[step].push(after.cpuMs - before.cpuMs);
        waitMs[step].push(after.waitMs - before.waitMs);
      },
    });
    await directFlow(emulatorUrl, newUser("bench-direct"), (step, timing) => {
      if (!counted) return;
      transmitMs[step].push(timing.ms);
      clientCpuMs[step].push(timing.clientCpuMs);
    });
    if (counted) progress(flow + 1);
  }
  const steps = Object.fromEntries(
    STEPS.map((step) => {
      const app = percentiles(appMs[step]);
      const transmit = percentiles(transmitMs[step]);
      const overhead = { p50: app.p50 - transmit.p50, p99: app.p99 - transmit.p99 };
      return [step, { app, transmit, overhead, appCpuMs: percentiles(cpuMs[step]), appWaitMs: percentiles(waitMs[step]), clientCpuMs: percentiles(clientCpuMs[step]) }];
    }),
  ) as Record<Step, StepOverhead>;
  return { iterations, warmUp, steps };
}

export function overheadBudgets({ steps }: OverheadResult): Budget[] {
  return STEPS.map((step) => ({
    name: `Overhead of ${step}, p50`,
    limit: `≤ ${OVERHEAD_BUDGET_MS} ms`,
    actual: `${steps[step].overhead.p50.toFixed(2)} ms`,
    met: steps[step].overhead.p50 <= OVERHEAD_BUDGET_MS,
  }));
}
