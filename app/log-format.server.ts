import { shortEvent } from "./flow-trail";

/**
 * One readable line per log record, for `npm run dev` (LOG_FORMAT=pretty); production
 * keeps pino's JSON lines. Transitions and Transmit calls read as sentences, any other
 * record as its event and its fields.
 */
type LogRecord = { level: number; time: string; event?: string; err?: { message?: string; stack?: string } } & Record<string, unknown>;

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };

const SENTENCES: Record<string, (record: LogRecord) => string> = {
  "flow.transition": ({ from, to, on }) => `${from}${to === undefined ? "" : ` → ${to}`} on ${shortEvent(String(on))}`,
  "transmit.call": ({ method, endpoint, status, outcome, reason, ms }) => `${method} ${endpoint} ${status ?? outcome}${reason ? ` (${reason})` : ""} in ${ms} ms`,
  http: ({ method, path, status, ms }) => `${method} ${path} ${status} in ${ms} ms`,
};

/** The fields a sentence already says, and those every record has. */
const SAID: Record<string, string[]> = {
  "flow.transition": ["from", "to", "on"],
  "transmit.call": ["method", "endpoint", "status", "outcome", "reason", "ms"],
  http: ["method", "path", "status", "ms"],
};

export function formatLogLine(record: LogRecord): string {
  const { level, time, event, service: _service, err, ...fields } = record;
  const sentence = event && SENTENCES[event] ? SENTENCES[event](record) : "";
  const said = new Set(event ? SAID[event] : []);
  const rest = Object.entries(fields)
    .filter(([key]) => !said.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  const clock = time.slice(11, 23);
  const line = [clock, (LEVELS[level] ?? String(level)).padEnd(5), event ?? "", sentence, ...rest].filter(Boolean).join(" ");
  return err ? `${line} ${err.message ?? ""}${err.stack ? `\n${err.stack}` : ""}` : line;
}
