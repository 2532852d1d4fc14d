import { z } from "zod";

/** What `npm run bench` can be told, through the environment; the defaults are those of docs/benchmarks.md. */
const EnvSchema = z.object({
  BENCH_PORT: z.coerce.number().int().min(1).max(65535).default(3330),
  BENCH_EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(4330),
  /** Timed flows for the overhead, each through the app and directly against the emulator. */
  BENCH_ITERATIONS: z.coerce.number().int().min(10).default(200),
  /** Flows walked before those, not counted: V8 is still optimising the app's code over the first hundred. */
  BENCH_WARM_UP: z.coerce.number().int().min(0).default(200),
  /** Concurrent users of each throughput run. */
  BENCH_CONCURRENCY: z
    .string()
    .default("1,10,50")
    .transform((value) => value.split(",").map(Number))
    .pipe(z.array(z.number().int().min(1)).min(1)),
  /** How long each throughput run lasts. */
  BENCH_SECONDS: z.coerce.number().positive().default(20),
  /** Starts of `npm start` timed; the last one stays up for the rest. */
  BENCH_START_RUNS: z.coerce.number().int().min(1).default(3),
});

export type BenchSettings = {
  appPort: number;
  emulatorPort: number;
  iterations: number;
  warmUp: number;
  concurrency: number[];
  seconds: number;
  startRuns: number;
};

export function benchSettings(source: Record<string, string | undefined> = process.env): BenchSettings {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`The benchmark's settings are not valid:\n${problems.join("\n")}`);
  }
  const env = parsed.data;
  return {
    appPort: env.BENCH_PORT,
    emulatorPort: env.BENCH_EMULATOR_PORT,
    iterations: env.BENCH_ITERATIONS,
    warmUp: env.BENCH_WARM_UP,
    concurrency: env.BENCH_CONCURRENCY,
    seconds: env.BENCH_SECONDS,
    startRuns: env.BENCH_START_RUNS,
  };
}
