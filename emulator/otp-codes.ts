import { randomInt } from "node:crypto";
import type { EmulatorConfig } from "./config.ts";

type PendingCode = { code: string; expiresAt: number; failures: number };

export type CodeCheck = "valid" | "wrong" | "expired" | "locked" | "none";

/**
 * One-time codes per identifier. Only the newest code is valid; too many wrong
 * codes invalidate it and lock the identifier (transmit-facts.md §4.1).
 */
export class OtpCodes {
  private readonly pending = new Map<string, PendingCode>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(private readonly policy: EmulatorConfig["otp"]) {}

  isLocked(key: string): boolean {
    const until = this.lockedUntil.get(key);
    if (until !== undefined && until <= Date.now()) this.lockedUntil.delete(key);
    return this.lockedUntil.has(key);
  }

  issue(key: string, expiresInMinutes = this.policy.expiresInMinutes): string {
    const code = String(randomInt(0, 10 ** this.policy.codeLength)).padStart(this.policy.codeLength, "0");
    this.pending.set(key, { code, expiresAt: Date.now() + expiresInMinutes * 60_000, failures: 0 });
    return code;
  }

  check(key: string, passcode: string): CodeCheck {
    if (this.isLocked(key)) return "locked";
    const pending = this.pending.get(key);
    if (!pending) return "none";
    if (pending.expiresAt <= Date.now()) {
      this.pending.delete(key);
      return "expired";
    }
    if (pending.code === passcode) {
      this.pending.delete(key);
      return "valid";
    }
    pending.failures += 1;
    if (pending.failures >= this.policy.maxFailures) {
      this.pending.delete(key);
      this.lockedUntil.set(key, Date.now() + this.policy.lockoutMinutes * 60_000);
      return "locked";
    }
    return "wrong";
  }
}
