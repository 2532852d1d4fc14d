import { emulatorConfigFromEnv } from "./config.ts";
import { startEmulator } from "./server.ts";

/** `npm run emulator`: the emulator alone, for pointing any Transmit client at it. */
const config = emulatorConfigFromEnv();
const emulator = await startEmulator(config, (sms) => console.log(`[emulator] SMS: ${sms.text}`));
console.log(`[emulator] Transmit emulator on ${emulator.url} (SMS outbox: ${emulator.url}/__emulator)`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void emulator.close().then(() => process.exit(0)));
}
