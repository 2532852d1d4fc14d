import type { EmulatorConfig } from "./config.ts";
import { loadSigningKey, type SigningKey } from "./keys.ts";
import { OtpCodes } from "./otp-codes.ts";
import { RequestCounts } from "./request-counts.ts";
import { Outbox, type OutboxMessage } from "./outbox.ts";
import { SessionStore } from "./sessions.ts";
import { TokenIssuer } from "./tokens.ts";
import { UserStore } from "./users.store.ts";

/** Everything the emulated tenant holds; each route group reads and changes it. */
export type Tenant = {
  config: EmulatorConfig;
  key: SigningKey;
  tokens: TokenIssuer;
  users: UserStore;
  sessions: SessionStore;
  codes: OtpCodes;
  outbox: Outbox;
  requests: RequestCounts;
};

export async function openTenant(config: EmulatorConfig, onSms: (message: OutboxMessage) => void): Promise<Tenant> {
  const key = await loadSigningKey(config.dataDir);
  return {
    config,
    key,
    tokens: new TokenIssuer(config, key),
    users: await UserStore.open(config.dataDir),
    sessions: new SessionStore(),
    codes: new OtpCodes(config.otp),
    outbox: new Outbox(onSms),
    requests: new RequestCounts(),
  };
}
