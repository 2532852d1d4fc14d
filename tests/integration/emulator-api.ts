/** Reads what the emulator recorded, as a test would read a phone. */
export type Sms = { to: string; text: string; code: string; sent_at: string };

export function emulatorUrl(): string {
  const url = process.env.EMULATOR_URL;
  if (!url) throw new Error("EMULATOR_URL is not set: run the tests through vitest's global setup");
  return url;
}

export async function latestSmsTo(phoneNumber: string): Promise<Sms> {
  const messages = (await (await fetch(`${emulatorUrl()}/__emulator/sms`)).json()) as Sms[];
  const latest = messages.filter((message) => message.to === phoneNumber).at(-1);
  if (!latest) throw new Error(`No SMS was sent to ${phoneNumber}`);
  return latest;
}

export async function requestCounts(): Promise<Record<string, number>> {
  return (await (await fetch(`${emulatorUrl()}/__emulator/requests`)).json()) as Record<string, number>;
}

let counter = 0;

/** A username and a valid, unused phone number for one test. */
export function newUser() {
  counter += 1;
  const unique = `${process.pid}${Date.now()}${counter}`.slice(-6);
  // 201-5xx-xxxx: a valid US number whatever the digits.
  return { username: `user-${unique}-${counter}`, password: `pass-${unique}-word`, phoneNumber: `+12015${unique}` };
}
