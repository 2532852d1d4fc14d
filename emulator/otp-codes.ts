import { randomInt } from "node:crypto";
import type { EmulatorConfig } from "./config.ts";

type Passcodes = { codes: { code: string; expiresAt: number }[]; failures: number };

export type CodeCheck = "valid" | "wrong" | "expired" | "locked" | "none";

/**
 * One-time codes per identifier (docs/emulator.md). A new send supersedes the
 * previous code unless configured otherwise; too many wrong codes invalidate them
 * and lock the identifier for the lockout duration.
 */
export class OtpCodes {
  private readonly pending = new Map<string, Passcodes>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(
    private readonly policy: EmulatorConfig["otp"],
    private readonly previousCodes: EmulatorConfig["behaviour"]["previousCodes"],
  ) {}

  isLocked(key: string): boolean {
    const until = this.lockedUntil.get(key);
    if (until !== undefined && until <= Date.now()) this.lockedUntil.delete(key);
    return this.lockedUntil.has(key);
  }

  issue(key: string, expiresInMinutes = this.policy.expiresInMinutes): string {
    const code = String(randomInt(0, 10 ** this.policy.codeLength)).padStart(this.policy.codeLength, "0");
    const kept = this.previousCodes === "valid" ? (this.pending.get(key)?.codes ?? []) : [];
    this.pending.set(key, { codes: [...kept, { code, expiresAt: Date.now() + expiresInMinutes * 60_000 }], failures: 0 });
    return code;
  }

  check(key: string, passcode: string): CodeCheck {
    if (this.isLocked(key)) return "locked";
    const pending = this.pending.get(key);
    if (!pending) return "none";
    const now = Date.now();
    const live = pending.codes.filter((entry) => entry.expiresAt > now);
    if (live.length === 0) {
      this.pending.delete(key);
      return "expired";
    }
    if (live.some((entry) => entry.code === passcode)) {
      this.pending.delete(key);
      return "valid";
    }
    pending.codes = live;
    pending.failures += 1;
    if (pending.failures < this.policy.maxFailures) return "wrong";
    this.pending.delete(key);
    this.lockedUntil.set(key, now + this.policy.lockoutMinutes * 60_000);
    return "locked";
  }

  clear(): void {
    this.pending.clear();
    this.lockedUntil.clear();
  }
}
