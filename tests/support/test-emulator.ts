import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { emulatorConfigFromEnv, type EmulatorConfig } from "../../emulator/config.ts";
import { startEmulator, type RunningEmulator } from "../../emulator/server.ts";

export type TestEmulator = RunningEmulator & { config: EmulatorConfig; dataDir: string; stop: () => Promise<void> };

/** An emulator of a test's own: a free port, a fresh data folder, and any settings. */
export async function startTestEmulator(settings: Record<string, string> = {}): Promise<TestEmulator> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "test-emulator-"));
  const config = emulatorConfigFromEnv({ EMULATOR_PORT: "0", EMULATOR_DATA_DIR: dataDir, ...settings });
  const emulator = await startEmulator(config, () => {});
  return {
    ...emulator,
    config,
    dataDir,
    stop: async () => {
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The app's Transmit settings for `emulator`, reached at `apiBase` (the emulator itself, or a proxy in front of it). */
export function appSettingsFor(emulator: TestEmulator, apiBase = emulator.url): Record<string, string> {
  return {
    TRANSMIT_API_BASE: apiBase,
    TRANSMIT_CLIENT_ID: emulator.config.clientId,
    TRANSMIT_CLIENT_SECRET: emulator.config.clientSecret,
    TRANSMIT_ISSUER: emulator.config.issuer,
    EMULATOR_URL: emulator.url,
  };
}
