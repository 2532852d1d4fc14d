import type { EmulatorConfig } from "./config.ts";
import { Faults } from "./faults.ts";
import { KeyRing } from "./keys.ts";
import { OtpCodes } from "./otp-codes.ts";
import { Outbox, type OutboxMessage } from "./outbox.ts";
import { PasswordLockouts } from "./password-lockouts.ts";
import { RequestCounts } from "./request-counts.ts";
import { SessionStore } from "./sessions.ts";
import { TokenIssuer } from "./tokens.ts";
import { UserStore } from "./users.store.ts";

/** Everything the emulated tenant holds; each route group reads and changes it. */
export type Tenant = {
  config: EmulatorConfig;
  keys: KeyRing;
  tokens: TokenIssuer;
  users: UserStore;
  sessions: SessionStore;
  codes: OtpCodes;
  lockouts: PasswordLockouts;
  outbox: Outbox;
  requests: RequestCounts;
  faults: Faults;
};

export async function openTenant(config: EmulatorConfig, onSms: (message: OutboxMessage) => void): Promise<Tenant> {
  const keys = await KeyRing.open(config.dataDir);
  return {
    config,
    keys,
    tokens: new TokenIssuer(config, keys),
    users: await UserStore.open(config.dataDir),
    sessions: new SessionStore(),
    codes: new OtpCodes(config.otp, config.behaviour.previousCodes),
    lockouts: new PasswordLockouts(config.password),
    outbox: new Outbox(onSms),
    requests: new RequestCounts(),
    faults: new Faults(),
  };
}

/** Forgets every user, session, code, message, count and fault; the signing key stays. */
export async function resetTenant(tenant: Tenant): Promise<void> {
  await tenant.users.clear();
  for (const part of [tenant.sessions, tenant.codes, tenant.lockouts, tenant.outbox, tenant.requests, tenant.faults]) part.clear();
}
