import { createHash } from "node:crypto";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AUTHENTICATED_MAX_MS, FLOW_EXPIRY_NOTICE_MS, PENDING_FLOW_MS } from "../machines/flow.machine";
import { config } from "./config.server";
import { redis } from "./redis.server";

/**
 * Limits and counters kept on the server, never in the cookie, so that replaying an
 * older cookie resets none of them: in memory, or in Redis (REDIS_URL) so that every
 * instance of the app shares them.
 */

/** Codes sent per flow: the first, and five more (security-requirements A11). */
const CODE_SENDS_PER_FLOW = 6;
/** Wrong codes accepted per code sent: Transmit's default, never looser. */
const WRONG_CODES_PER_CODE = 3;

/**
 * A limiter in Redis, or in memory. `whenRedisFails: "local"` lets each instance limit on
 * its own while Redis is down; without it a Redis failure is an error, so that what
 * guards an account (ended flows, code attempts) fails closed.
 */
function limiter(name: string, points: number, durationSeconds: number, whenRedisFails: "local" | "error" = "error"): RateLimiterAbstract {
  const options = { keyPrefix: `mfa-${name}`, points, duration: Math.ceil(durationSeconds) };
  if (!redis) return new RateLimiterMemory(options);
  const insuranceLimiter = whenRedisFails === "local" ? new RateLimiterMemory(options) : undefined;
  return new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter });
}

const posts = limiter("posts", config().limits.postsPerMinute, 60, "local");
const codeCooldown = limiter("code-cooldown", 1, config().limits.resendCooldownSeconds, "local");
const codeSends = limiter("code-sends", CODE_SENDS_PER_FLOW, PENDING_FLOW_MS / 1000, "local");
const codeAttempts = limiter("code-attempts", WRONG_CODES_PER_CODE, 10 * 60);
// A blocked key marks a flow as ended, for as long as the flow could have lived.
const endedFlows = limiter("ended", 1, AUTHENTICATED_MAX_MS / 1000);

export type Limited = { retryAfterSeconds: number };

/** Takes one point of `key`, or says how long until one is free again. */
async function take(rateLimiter: RateLimiterAbstract, key: string): Promise<Limited | null> {
  try {
    await rateLimiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    throw rejection;
  }
}

/** A stable, non-reversible name for a flow, from its Transmit session_id: for limits and logs. */
export function flowRef(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("base64url").slice(0, 16);
}

/** A form post from this client; null when allowed. */
export function takePost(clientIp: string): Promise<Limited | null> {
  return take(posts, clientIp);
}

/** Sending a code in this flow: refused during the cooldown, and past the flow's budget. */
export async function takeCodeSend(flow: string): Promise<(Limited & { reason: "cooldown" | "exhausted" }) | null> {
  const cooldown = await take(codeCooldown, flow);
  if (cooldown) return { ...cooldown, reason: "cooldown" };
  const budget = await take(codeSends, flow);
  return budget ? { ...budget, reason: "exhausted" } : null;
}

/** A send Transmit did not make costs nothing. */
export async function refundCodeSend(flow: string): Promise<void> {
  await Promise.all([codeCooldown.delete(flow), codeSends.reward(flow)]);
}

/**
 * One try of this code, taken before Transmit sees it, so that parallel tries cannot
 * outrun the count; false past WRONG_CODES_PER_CODE. Give it back unless the code was wrong.
 */
export async function takeCodeAttempt(flow: string, codeSentAt: number): Promise<boolean> {
  return (await take(codeAttempts, `${flow}:${codeSentAt}`)) === null;
}

export async function refundCodeAttempt(flow: string, codeSentAt: number): Promise<void> {
  await codeAttempts.reward(`${flow}:${codeSentAt}`);
}

/** Marks a flow as ended (logged out) until it would have ended anyway: its cookie, replayed, starts afresh. */
export async function endFlow(flow: string, endsAt: number | null): Promise<void> {
  const seconds = endsAt === null ? AUTHENTICATED_MAX_MS / 1000 : (endsAt - Date.now()) / 1000 + FLOW_EXPIRY_NOTICE_MS / 1000;
  await endedFlows.block(flow, Math.max(60, Math.ceil(seconds)));
}

export async function hasEnded(flow: string): Promise<boolean> {
  const entry = await endedFlows.get(flow);
  return (entry?.consumedPoints ?? 0) > 1;
}
