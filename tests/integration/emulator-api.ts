import * as outbox from "../support/emulator-outbox";

export { newUser } from "../support/emulator-outbox";

/** The emulator the integration tests' global setup started. */
export function emulatorUrl(): string {
  const url = process.env.EMULATOR_URL;
  if (!url) throw new Error("EMULATOR_URL is not set: run the tests through vitest's global setup");
  return url;
}

export const latestSmsTo = (phoneNumber: string) => outbox.latestSmsTo(emulatorUrl(), phoneNumber);
export const requestCounts = () => outbox.requestCounts(emulatorUrl());
