import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { EmulatorConfig } from "./config.ts";
import { INTERNAL_ERROR, invalidToken } from "./errors.ts";

/**
 * Misbehaviour on demand, for reliability tests: an endpoint (or all of them) answers
 * slowly, fails, drops the connection, returns malformed JSON, rejects the client
 * token, or rate-limits, for a number of calls or until cleared. A failure can also come
 * after the work: the user created or the code used, and only the answer lost.
 */
export const FAULT_KINDS = ["slow", "error", "drop", "malformed", "expired-token", "rate-limit"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** The kinds that can come after the work: a failed answer, not a refused call. */
export const AFTER_WORK_KINDS: readonly FaultKind[] = ["error", "drop", "malformed"];

export type Fault = {
  /** "POST /cis/v1/auth/otp/send", a prefix ending in "*", or "*" for every Transmit endpoint. */
  endpoint: string;
  kind: FaultKind;
  /** For "error": 500 or 503. */
  status: 500 | 503;
  /** For "slow": how long to wait before answering normally. */
  delayMs: number;
  /** For "error", "drop" and "malformed": the endpoint does its work first, and the fault takes the place of its answer. */
  afterWork: boolean;
  /** Calls still to affect; null until cleared. */
  remaining: number | null;
};

export class Faults {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault for this call, if any, counting it against the fault's remaining calls. */
  take(method: string, path: string): Fault | undefined {
    const call = `${method} ${path}`;
    const fault = this.faults.find((candidate) =>
      candidate.endpoint.endsWith("*") ? call.startsWith(candidate.endpoint.slice(0, -1)) : candidate.endpoint === call,
    );
    if (fault?.remaining != null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    }
    return fault;
  }
}

/** The answer a fault gives in place of the endpoint's, or null to answer normally (after any delay). */
export async function faultyAnswer(c: Context, fault: Fault, config: EmulatorConfig): Promise<Response | null> {
  switch (fault.kind) {
    case "slow":
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      return null;
    case "error":
      return c.json(fault.status === 500 ? INTERNAL_ERROR : { message: "Service Unavailable", error_code: 503 }, fault.status);
    case "drop":
      (c.env as { incoming?: IncomingMessage }).incoming?.socket.destroy();
      return c.body(null);
    case "malformed":
      return c.body('{"result": {"user_id": ', 200, { "content-type": "application/json" });
    case "expired-token":
      return c.json(invalidToken(config), 401);
    case "rate-limit":
      return c.json({ message: "Too Many Requests", error_code: 429 }, 429, { "retry-after": "1" });
  }
}
