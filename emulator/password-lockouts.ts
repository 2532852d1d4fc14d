import type { EmulatorConfig } from "./config.ts";

type Failures = { count: number; firstAt: number; lockedUntil: number | null };

/**
 * Failed password attempts per identifier: `maxFailures` within `failuresExpireInMinutes`
 * suspend it for `suspensionMinutes` (docs/emulator.md). Unknown users count too,
 * so a lockout says nothing about whether the user exists.
 */
export class PasswordLockouts {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly policy: EmulatorConfig["password"]) {}

  isLocked(identifier: string): boolean {
    const entry = this.failures.get(identifier);
    if (!entry) return false;
    const now = Date.now();
    if (entry.lockedUntil !== null && entry.lockedUntil > now) return true;
    if (entry.lockedUntil !== null || now - entry.firstAt > this.policy.failuresExpireInMinutes * 60_000) this.failures.delete(identifier);
    return false;
  }

  recordFailure(identifier: string): void {
    const now = Date.now();
    const entry = this.failures.get(identifier) ?? { count: 0, firstAt: now, lockedUntil: null };
    entry.count += 1;
    if (entry.count >= this.policy.maxFailures) entry.lockedUntil = now + this.policy.suspensionMinutes * 60_000;
    this.failures.set(identifier, entry);
  }

  recordSuccess(identifier: string): void {
    this.failures.delete(identifier);
  }

  clear(): void {
    this.failures.clear();
  }
}
