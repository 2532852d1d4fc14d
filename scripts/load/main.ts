/**
 * `npm run load`: LOAD_FLOWS complete flows (200 by default) at once against the app on
 * the embedded emulator, each a new visitor from signup through restart over plain HTTP
 * with its own cookie jar. Reports errors, flows lost (that never reached the complete
 * page), and p50/p99 per step; writes bench-results/load.json; exits 1 unless both are 0.
 * Not part of `npm test` (docs/reliability.md records the last result).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { appAt, Browser } from "../../tests/support/browser.ts";
import { newUser } from "../../tests/support/emulator-outbox.ts";
import { STEPS, walkFlow, type Step } from "../bench/flow-walk.ts";
import { machine } from "../bench/machine.ts";
import { buildApp, LIFTED_LIMITS, RESULTS_DIR, startStack } from "../bench/stack.ts";
import { percentile } from "../bench/stats.ts";

const settings = z
  .object({
    LOAD_FLOWS: z.coerce.number().int().min(1).default(200),
    LOAD_PORT: z.coerce.number().int().min(1).max(65535).default(3340),
    LOAD_EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(4340),
  })
  .parse(process.env);

const progress = (message: string) => console.error(`load │ ${message}`);

progress("building the app (remix build)");
buildApp();
const { stack } = await startStack({ appPort: settings.LOAD_PORT, emulatorPort: settings.LOAD_EMULATOR_PORT, startRuns: 1 });
const timings = new Map<Step, number[]>(STEPS.map((step) => [step, []]));
const failures: string[] = [];
let completed = 0;
let started: number;
try {
  const app = appAt(stack.appUrl);
  progress(`${settings.LOAD_FLOWS} flows at once, signup through restart`);
  started = performance.now();
  await Promise.all(
    Array.from({ length: settings.LOAD_FLOWS }, async () => {
      let reachedComplete = false;
      try {
        await walkFlow(new Browser(app), stack.emulatorUrl, newUser("load"), {
          onStep: (step, ms) => timings.get(step)?.push(ms),
          onPage: (page) => (reachedComplete ||= page === "/complete"),
        });
      } catch (error) {
        failures.push((error as Error).message);
      }
      if (reachedComplete) completed++;
    }),
  );
} finally {
  await stack.stop();
}
const elapsedMs = performance.now() - started;

const lost = settings.LOAD_FLOWS - completed;
const steps = Object.fromEntries([...timings].map(([step, ms]) => [step, { requests: ms.length, p50Ms: Math.round(percentile(ms, 50)), p99Ms: Math.round(percentile(ms, 99)) }]));
const result = {
  date: new Date().toISOString(),
  machine: machine(),
  flows: settings.LOAD_FLOWS,
  errors: failures.length,
  lost,
  firstError: failures[0] ?? null,
  seconds: Math.round(elapsedMs / 100) / 10,
  liftedLimits: LIFTED_LIMITS,
  steps,
};
writeFileSync(path.join(RESULTS_DIR, "load.json"), `${JSON.stringify(result, null, 2)}\n`);

console.log(`\n${settings.LOAD_FLOWS} concurrent flows in ${result.seconds} s on ${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}`);
console.log(`errors: ${result.errors}   lost: ${lost}${result.firstError ? `   first error: ${result.firstError}` : ""}\n`);
console.log("step       requests   p50 ms   p99 ms");
for (const [step, { requests, p50Ms, p99Ms }] of Object.entries(steps)) {
  console.log(`${step.padEnd(10)} ${String(requests).padStart(8)} ${String(p50Ms).padStart(8)} ${String(p99Ms).padStart(8)}`);
}
console.log(`\nwritten to ${path.relative(process.cwd(), path.join(RESULTS_DIR, "load.json"))}`);
process.exit(result.errors === 0 && lost === 0 ? 0 : 1);
