import { randomInt } from "node:crypto";
import type { EmulatorConfig } from "./config.ts";

export type OtpChannel = "sms" | "email" | "direct";

type Passcodes = { codes: { code: string; expiresAt: number }[]; failures: number; channel: OtpChannel };

type CodeCheck = { result: "valid"; channel: OtpChannel } | { result: "wrong" | "expired" | "locked" | "none" };

/**
 * One-time codes per identifier: the `identifier_type` and `identifier` of the send,
 * which authenticate must repeat (docs/emulator.md). A new send supersedes the previous
 * code unless configured otherwise, and lifts a lockout; too many wrong codes
 * invalidate the codes and lock the identifier for the lockout duration.
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

  issue(key: string, channel: OtpChannel, expiresInMinutes = this.policy.expiresInMinutes): string {
    const code = String(randomInt(0, 10 ** this.policy.codeLength)).padStart(this.policy.codeLength, "0");
    const kept = this.previousCodes === "valid" ? (this.pending.get(key)?.codes ?? []) : [];
    this.pending.set(key, { codes: [...kept, { code, expiresAt: Date.now() + expiresInMinutes * 60_000 }], failures: 0, channel });
    this.lockedUntil.delete(key);
    return code;
  }

  check(key: string, passcode: string): CodeCheck {
    if (this.isLocked(key)) return { result: "locked" };
    const pending = this.pending.get(key);
    if (!pending) return { result: "none" };
    const now = Date.now();
    const live = pending.codes.filter((entry) => entry.expiresAt > now);
    if (live.length === 0) {
      this.pending.delete(key);
      return { result: "expired" };
    }
    if (live.some((entry) => entry.code === passcode)) {
      this.pending.delete(key);
      return { result: "valid", channel: pending.channel };
    }
    pending.codes = live;
    pending.failures += 1;
    if (pending.failures < this.policy.maxFailures) return { result: "wrong" };
    this.pending.delete(key);
    this.lockedUntil.set(key, now + this.policy.lockoutMinutes * 60_000);
    return { result: "locked" };
  }

  clear(): void {
    this.pending.clear();
    this.lockedUntil.clear();
  }
}
