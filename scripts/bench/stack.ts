import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TENANT_SETTINGS } from "../../app/config.server.ts";
import { emulatorConfigFromEnv } from "../../emulator/config.ts";
import type { BenchSettings } from "./settings.ts";
import { findDescendant } from "./processes.ts";

const root = path.resolve(import.meta.dirname, "../..");
export const RESULTS_DIR = path.join(root, "bench-results");

/**
 * The limits the bench lifts, and why: every simulated user posts from 127.0.0.1, so the
 * per-client post limit would turn the throughput runs into a test of the 429 page; and with
 * 50 users the emulator, hashing every password with scrypt on the same cores, answers slower
 * than the app's 5 s timeout for Transmit, which would measure the emulator, not the app. The
 * code limits are per flow, and a flow sends one code, so they stay as they are.
 */
export const LIFTED_LIMITS = { RATE_LIMIT_POSTS_PER_MINUTE: "1000000", TRANSMIT_TIMEOUT_MS: "60000" };

export type Stack = {
  appUrl: string;
  emulatorUrl: string;
  /** The app's own process, for its memory and CPU time. */
  appPid: number;
  /** The process `npm start` runs the emulator in, for its CPU time. */
  emulatorPid: number;
  /** The configuration the app was started with, for a Transmit client of the bench's own (transmit-direct.ts). */
  appEnv: Record<string, string>;
  stop: () => Promise<void>;
};

/** A production build of the current sources, so that no `npm start` below builds. */
export function buildApp(): void {
  const build = spawnSync(path.join(root, "node_modules/.bin/remix"), ["build"], { cwd: root, env: { ...process.env, NODE_ENV: "production" }, stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) throw new Error("`remix build` failed; see above.");
}

/**
 * Runs `npm start` `runs` times, as a person would, timing each from the command to the app's
 * first 200; the last one stays up. The emulator's data folder is the same for every start, as
 * on a developer's machine: only the first start makes its signing key.
 */
export async function startStack(settings: Pick<BenchSettings, "appPort" | "emulatorPort" | "startRuns">): Promise<{ stack: Stack; startMs: number[] }> {
  const appUrl = `http://localhost:${settings.appPort}`;
  const emulatorUrl = `http://localhost:${settings.emulatorPort}`;
  for (const url of [appUrl, emulatorUrl]) {
    if (await answers(url)) throw new Error(`Something already answers at ${url}: stop it, or set BENCH_PORT / BENCH_EMULATOR_PORT.`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-emulator-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Empty, not unset: a tenant named in .env must not turn the bench to that tenant (`npm start` keeps what is set).
    ...Object.fromEntries([...TENANT_SETTINGS, "REDIS_URL"].map((name) => [name, ""])),
    NODE_ENV: "production",
    PORT: String(settings.appPort),
    EMULATOR_PORT: String(settings.emulatorPort),
    EMULATOR_DATA_DIR: dataDir,
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    LOG_LEVEL: "info",
    ...LIFTED_LIMITS,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const log = openSync(path.join(RESULTS_DIR, "npm-start.log"), "w");

  const startMs: number[] = [];
  let child: ChildProcess | null = null;
  let tornDown: Promise<void> | null = null;
  const tearDown = () =>
    (tornDown ??= (async () => {
      if (child) await stop(child, appUrl);
      closeSync(log);
      rmSync(dataDir, { recursive: true, force: true });
    })());
  // npm start runs in a process group of its own, which Ctrl-C on the bench does not reach;
  // a second signal (npm and tsx relay the first) waits for the same teardown.
  const interrupted = () => void tearDown().finally(() => process.exit(130));
  process.on("SIGINT", interrupted).on("SIGTERM", interrupted);
  try {
    for (let run = 0; run < settings.startRuns; run++) {
      if (child) await stop(child, appUrl);
      const started = performance.now();
      child = spawn("npm", ["start"], { cwd: root, env, detached: true, stdio: ["ignore", log, log] });
      await firstOk(`${appUrl}/signup`, child);
      startMs.push(performance.now() - started);
    }
  } catch (error) {
    await tearDown();
    throw error;
  }
  const running = child as ChildProcess;
  const emulator = emulatorConfigFromEnv(env);
  return {
    startMs,
    stack: {
      appUrl,
      emulatorUrl,
      appPid: findDescendant(running.pid as number, "server/index.ts"),
      emulatorPid: findDescendant(running.pid as number, "scripts/start.ts"),
      // What `npm start` gives the app on the emulator (scripts/start.ts).
      appEnv: {
        TRANSMIT_API_BASE: emulatorUrl,
        TRANSMIT_CLIENT_ID: emulator.clientId,
        TRANSMIT_CLIENT_SECRET: emulator.clientSecret,
        TRANSMIT_ISSUER: emulator.issuer,
        EMULATOR_URL: emulatorUrl,
        SESSION_SECRET: env.SESSION_SECRET as string,
      },
      stop: tearDown,
    },
  };
}

async function answers(url: string, status?: number): Promise<boolean> {
  try {
    const response = await fetch(url, { redirect: "manual" });
    await response.arrayBuffer();
    return status === undefined || response.status === status;
  } catch {
    return false;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function firstOk(url: string, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}; see bench-results/npm-start.log`);
    if (await answers(url, 200)) return;
    await pause(20);
  }
  throw new Error("The app did not answer 200 within 60 s; see bench-results/npm-start.log");
}

/** Ctrl-C, as a person stops `npm start`, then waits until the port is free for the next start. */
async function stop(child: ChildProcess, appUrl: string): Promise<void> {
  if (child.exitCode === null) {
    const exited = once(child, "exit");
    process.kill(-(child.pid as number), "SIGINT");
    await exited;
  }
  const deadline = performance.now() + 10_000;
  while (await answers(appUrl)) {
    if (performance.now() > deadline) throw new Error(`The app at ${appUrl} still answers 10 s after npm start was stopped`);
    await pause(50);
  }
}
