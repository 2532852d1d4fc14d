import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "./redis-server";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The built app as its own process (`tsx server/index.ts`, as `npm start` runs it), on a
 * free port, with the test's environment and any settings; it can be stopped and started
 * again on the same port.
 */
export async function startAppProcess(settings: Record<string, string>) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output = "";

  async function start() {
    output = "";
    child = spawn(path.join(root, "node_modules/.bin/tsx"), ["server/index.ts"], {
      cwd: root,
      env: { ...process.env, ...settings, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk));
    const deadline = Date.now() + 30_000;
    while (!(await fetch(`${origin}/signup`).then((response) => response.ok, () => false))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The app on port ${port} did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function stop() {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await exited;
  }

  await start();
  return { origin, start, stop };
}
