import type { JsonValue } from "../machines/flow.machine";

/**
 * What the flow may show outside the server (the browser, an inspector): everything but
 * the secrets and identifiers. Matched by key anywhere in the value, so that a secret
 * nested in an event, an actor's input or output, or the claims is caught as well.
 * The username stays: the person typed it and the login page shows it.
 */
const SECRET_KEYS = new Set([
  "password",
  "passcode",
  "code",
  "session_id",
  "sessionId",
  "sid",
  "user_id",
  "userId",
  "sub",
  "identifier",
  "phone_number",
  "phoneNumber",
  "token",
  "access_token",
  "id_token",
  "refresh_token",
  "client_secret",
  "authorization",
  "cookie",
]);

export const REDACTED = "[redacted]";

/** `value` as JSON (its toJSON, as an XState snapshot has), with every secret replaced by REDACTED. */
export function redact(value: unknown): JsonValue {
  const json = JSON.stringify(value, (key, entry: unknown) => (SECRET_KEYS.has(key) && entry !== null && entry !== undefined ? REDACTED : entry));
  return json === undefined ? null : (JSON.parse(json) as JsonValue);
}

type Inspection = { snapshot?: unknown; event?: unknown };

/**
 * For @statelyai/inspect's `serialize` option: every inspection event with its snapshot
 * and event redacted, whichever actor it is about: the flow, or one of its Transmit
 * calls, whose input, output and done events carry the Transmit ids.
 */
export function redactInspection<T extends Inspection>(inspection: T): T {
  return {
    ...inspection,
    ...("snapshot" in inspection && { snapshot: redact(inspection.snapshot) }),
    ...("event" in inspection && { event: redact(inspection.event) }),
  };
}
