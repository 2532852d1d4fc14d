/** What tests read back from the emulator, as a person would read their phone. */
export type Sms = { to: string; text: string; code: string; sent_at: string };

export async function latestSmsTo(emulatorUrl: string, phoneNumber: string): Promise<Sms> {
  const messages = (await (await fetch(`${emulatorUrl}/__emulator/sms`)).json()) as Sms[];
  const latest = messages.filter((message) => message.to === phoneNumber).at(-1);
  if (!latest) throw new Error(`No SMS was sent to ${phoneNumber}`);
  return latest;
}

export async function requestCounts(emulatorUrl: string): Promise<Record<string, number>> {
  return (await (await fetch(`${emulatorUrl}/__emulator/requests`)).json()) as Record<string, number>;
}

/** Makes the emulator's next answers misbehave (docs/emulator.md, faults). */
export async function injectFault(emulatorUrl: string, fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${emulatorUrl}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(fault) });
  if (response.status !== 201) throw new Error(`The emulator refused the fault ${JSON.stringify(fault)}: ${response.status}`);
}

export async function clearEmulatorFaults(emulatorUrl: string): Promise<void> {
  await fetch(`${emulatorUrl}/__emulator/faults`, { method: "DELETE" });
}

let counter = 0;
/** Where this process's numbers start, so that processes sharing an emulator start apart. */
const firstNumber = Number(`${process.pid}${Date.now()}`.slice(-6));

/** A username, password and valid phone number that no other test uses: a million in one process before a phone number repeats. */
export function newUser(prefix = "user") {
  counter += 1;
  const unique = String((firstNumber + counter) % 1_000_000).padStart(6, "0");
  // 201-5xx-xxxx: a valid US number whatever the digits.
  return { username: `${prefix}-${unique}-${counter}`, password: `Pass-${unique}-word`, phoneNumber: `+12015${unique}` };
}
