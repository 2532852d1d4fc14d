import { createHmac } from "node:crypto";
import pino from "pino";
import { config } from "./config.server";
import { formatLogLine } from "./log-format.server";

/** Each JSON line pino writes, as one readable line on stdout. */
const prettyOutput = { write: (line: string) => void process.stdout.write(`${formatLogLine(JSON.parse(line))}\n`) };

/**
 * Structured logs. Events name what happened, never the secrets involved: no
 * password, code, token, session_id, cookie or full phone number is ever passed in.
 */
export const log = pino(
  {
    level: config().logLevel,
    base: { service: "app" },
    timestamp: pino.stdTimeFunctions.isoTime,
  },
  config().logFormat === "pretty" ? prettyOutput : undefined,
);

/** A stable, non-reversible reference to a user for correlating log lines, keyed so that it cannot be looked up. */
export function userRef(user: string): string {
  return createHmac("sha256", config().sessionSecrets[0] as string).update(user).digest("base64url").slice(0, 12);
}
