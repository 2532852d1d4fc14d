/**
 * What can go wrong when calling Transmit. Error bodies vary (docs/emulator.md):
 * `message` is a string or a string array, `error_code` a number or a string, and
 * some carry `ts_error_code`; any other body is tolerated too.
 */

/** Transmit answered with an error. */
export class TransmitError extends Error {
  override name = "TransmitError";
  constructor(
    readonly endpoint: string,
    readonly status: number,
    /** `error_code` when it is a string, `ts_error_code`, or OAuth's `error`; null when the body has none. */
    readonly code: string | null,
    /** Transmit's own words, for people and logs. */
    readonly details: string[],
  ) {
    super(`Transmit ${endpoint} answered ${status}${code ? ` ${code}` : ""}`);
  }
}

/** Transmit could not be reached, timed out, failed (5xx, 429) or answered something unreadable. */
export class TransmitUnavailableError extends Error {
  override name = "TransmitUnavailableError";
  constructor(
    readonly endpoint: string,
    readonly reason: string,
  ) {
    super(`Transmit ${endpoint} is unavailable: ${reason}`);
  }
}

export function parseErrorBody(endpoint: string, status: number, text: string): TransmitError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new TransmitError(endpoint, status, null, []);
  }
  if (typeof body !== "object" || body === null) return new TransmitError(endpoint, status, null, []);
  const fields = body as Record<string, unknown>;
  const code = [fields.error_code, fields.ts_error_code, fields.error].find((value): value is string => typeof value === "string" && !/^\d+$/.test(value));
  const messages = [fields.message, fields.error_description].flatMap((value) =>
    typeof value === "string" ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [],
  );
  return new TransmitError(endpoint, status, code ?? null, messages);
}
