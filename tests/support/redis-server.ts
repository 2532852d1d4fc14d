import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A real redis-server of a test's own, on a free port, with nothing saved to disk (.ci/run installs it). */
export async function startRedisServer() {
  const port = await freePort();
  const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  await new Promise<void>((resolve, reject) => {
    server.once("error", () => reject(new Error("redis-server is not installed: apt-get install redis-server (.ci/run does)")));
    server.once("spawn", resolve);
  });
  // redis-server takes a moment to listen.
  const client = new Redis({ port, host: "127.0.0.1", retryStrategy: (times) => (times > 50 ? null : 100) });
  client.on("error", () => {});
  await client.ping();
  return {
    url: `redis://127.0.0.1:${port}`,
    client,
    /** Stops the server, as a crash would for the app: its connection is left to find out. */
    async kill() {
      if (server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill();
      await exited;
    },
    async stop() {
      client.disconnect();
      await this.kill();
    },
  };
}
