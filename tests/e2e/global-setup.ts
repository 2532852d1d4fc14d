import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { APP_PORT, EMULATOR_PORT } from "../../playwright.config";

export const APP_LOG = path.resolve("test-results", "app.log");
export const E2E_SESSION_SECRET = "e2e-session-secret-that-is-long-enough-0123";

/**
 * Starts the app on the embedded emulator exactly as `npm start` does, with debug
 * logging captured to test-results/app.log for the log check.
 */
export default async function globalSetup() {
  mkdirSync(path.dirname(APP_LOG), { recursive: true });
  const log = createWriteStream(APP_LOG);
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "production",
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(APP_PORT),
    EMULATOR_PORT: String(EMULATOR_PORT),
    EMULATOR_DATA_DIR: mkdtempSync(path.join(tmpdir(), "e2e-emulator-")),
    SESSION_SECRET: E2E_SESSION_SECRET,
    LOG_LEVEL: "debug",
    RATE_LIMIT_POSTS_PER_MINUTE: "1000",
  };
  const server = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  server.stdout.pipe(log);
  server.stderr.pipe(log);

  const stop = async () => {
    if (server.exitCode === null && server.pid) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      process.kill(-server.pid, "SIGINT");
      await exited;
    }
    rmSync(env.EMULATOR_DATA_DIR as string, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`npm start exited with ${server.exitCode}; see ${APP_LOG}`);
    if (await fetch(`http://localhost:${APP_PORT}/signup`).then((response) => response.ok, () => false)) return stop;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The app did not answer within 60 s; see ${APP_LOG}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
