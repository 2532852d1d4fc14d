import { appSettingsFor, startTestEmulator } from "../support/test-emulator.ts";

/**
 * One emulator for the integration tests, on a free port with its own data folder.
 * The app's configuration points at it through the environment the test workers inherit.
 */
export default async function setup() {
  const emulator = await startTestEmulator();
  Object.assign(process.env, appSettingsFor(emulator), {
    EMULATOR_DATA_DIR: emulator.dataDir,
    SESSION_SECRET: "integration-test-session-secret-0123456789,previous-integration-secret-0123456789",
    PREVIOUS_SESSION_SECRET: "previous-integration-secret-0123456789",
    LOG_LEVEL: "silent",
    // Many tests post from one address; tests/security/limits.test.ts checks the limits themselves.
    RATE_LIMIT_POSTS_PER_MINUTE: "100000",
    RESEND_COOLDOWN_SECONDS: "1",
  });
  return emulator.stop;
}
