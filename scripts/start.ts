/**
 * `npm start`: runs the app, on the embedded Transmit emulator unless Transmit
 * credentials are set. Builds first when the build is missing or older than the
 * sources. Ctrl-C stops everything it started.
 *
 * `npm run dev` (--dev) is the same with a developer's defaults: the Stately inspector's
 * button on (FLOW_INSPECTOR=on), and one readable log line per event, debug ones included
 * (LOG_FORMAT=pretty, LOG_LEVEL=debug). Whatever the environment sets stays.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, namesTenant, parseConfig, type AppConfig } from "../app/config.server.ts";
import { emulatorConfigFromEnv } from "../emulator/config.ts";
import { startEmulator, type RunningEmulator } from "../emulator/server.ts";
import { buildIsStale } from "./build-freshness.ts";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
const DEV_DEFAULTS = { FLOW_INSPECTOR: "on", LOG_FORMAT: "pretty", LOG_LEVEL: "debug" };
const dev = process.argv.includes("--dev");
const env: NodeJS.ProcessEnv = { ...(dev && DEV_DEFAULTS), ...process.env, PORT: process.env.PORT ?? "3000", NODE_ENV: process.env.NODE_ENV ?? "production" };
const onTenant = namesTenant(env);

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

let emulator: RunningEmulator | null = null;
if (!onTenant) {
  const emulatorConfig = readEmulatorConfig();
  try {
    emulator = await startEmulator(emulatorConfig, (sms) => console.log(`emulator │ SMS: ${sms.text}`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      fail(`Port ${emulatorConfig.port} is in use, so the Transmit emulator cannot start. Stop what uses it, or set EMULATOR_PORT.`);
    }
    throw error;
  }
  Object.assign(env, {
    TRANSMIT_API_BASE: emulator.url,
    TRANSMIT_CLIENT_ID: emulatorConfig.clientId,
    TRANSMIT_CLIENT_SECRET: emulatorConfig.clientSecret,
    TRANSMIT_ISSUER: emulatorConfig.issuer,
    EMULATOR_URL: emulator.url,
  });
  env.SESSION_SECRET ??= localSessionSecret();
  console.log(`emulator │ Transmit emulator on ${emulator.url}; SMS codes appear at ${emulator.url}/__emulator`);
}

const config = readAppConfig();

if (buildIsStale()) {
  console.log("app      │ building the app…");
  for (const [command, args] of [["remix", ["build"]], ["tsx", ["scripts/build-inspector.ts"]]] as const) {
    const build = spawnSync(bin(command), args, { cwd: root, stdio: "inherit" });
    if (build.status !== 0) fail("The build failed; see above.");
  }
}

const app = spawn(bin("tsx"), ["server/index.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
for (const stream of [app.stdout, app.stderr]) {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines.filter(Boolean)) console.log(`app      │ ${line}`);
  });
}
app.on("exit", (code) => void stop(code ?? 1));
console.log(`app      │ open http://localhost:${env.PORT} ${onTenant ? `(Transmit tenant at ${config.transmit.apiBase})` : "(on the Transmit emulator)"}`);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (app.exitCode === null) app.kill("SIGTERM");
  await emulator?.close();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop(0));

function readEmulatorConfig() {
  try {
    return emulatorConfigFromEnv(env);
  } catch (error) {
    return fail((error as Error).message);
  }
}

function readAppConfig(): AppConfig {
  try {
    return parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`${error.message}\n\nSee .env.example for every variable.`);
    throw error;
  }
}

/** A session secret for local use, kept in the git-ignored data folder so cookies survive restarts. */
function localSessionSecret(): string {
  const file = path.join(root, ".data", "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
