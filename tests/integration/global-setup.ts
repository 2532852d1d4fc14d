import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { emulatorConfigFromEnv } from "../../emulator/config.ts";
import { startEmulator } from "../../emulator/server.ts";

/**
 * One emulator for the integration tests, on a free port with its own data folder.
 * The app's configuration points at it through the environment the test workers inherit.
 */
export default async function setup() {
  const dataDir = await mkdtemp(path.join(tmpdir(), "transmit-emulator-"));
  const config = emulatorConfigFromEnv({ EMULATOR_PORT: "0", EMULATOR_DATA_DIR: dataDir });
  const emulator = await startEmulator(config, () => {});
  Object.assign(process.env, {
    EMULATOR_URL: emulator.url,
    EMULATOR_DATA_DIR: dataDir,
    TRANSMIT_API_BASE: emulator.url,
    TRANSMIT_CLIENT_ID: config.clientId,
    TRANSMIT_CLIENT_SECRET: config.clientSecret,
    TRANSMIT_ISSUER: config.issuer,
    SESSION_SECRET: "integration-test-session-secret-0123456789",
    LOG_LEVEL: "silent",
  });
  return async () => {
    await emulator.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
