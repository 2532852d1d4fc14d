import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AUTHENTICATED_MAX_MS, PENDING_FLOW_MS } from "../machines/flow.machine";
import { config } from "./config.server";
import { log } from "./log.server";

/**
 * Limits and counters kept on the server, never in the cookie, so that replaying an
 * older cookie resets none of them: in memory, or in Redis (REDIS_URL) so that every
 * instance of the app shares them.
 */

/** Codes sent per flow: the first, and five more (security-requirements A11). */
const CODE_SENDS_PER_FLOW = 6;
/** Wrong codes accepted per code sent: Transmit's default, never looser. */
export const WRONG_CODES_PER_CODE = 3;

const redis = config().redisUrl ? new Redis(config().redisUrl as string, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
redis?.on("error", (error: Error) => log.warn({ event: "redis", outcome: "error", reason: error.message }));

function limiter(name: string, points: number, durationSeconds: number): RateLimiterAbstract {
  const options = { keyPrefix: `mfa-${name}`, points, duration: Math.ceil(durationSeconds) };
  // If Redis fails, each instance limits on its own rather than not at all.
  return redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) }) : new RateLimiterMemory(options);
}

const posts = limiter("posts", config().limits.postsPerMinute, 60);
const codeCooldown = limiter("code-cooldown", 1, config().limits.resendCooldownSeconds);
const codeSends = limiter("code-sends", CODE_SENDS_PER_FLOW, PENDING_FLOW_MS / 1000);
const wrongCodes = limiter("wrong-codes", WRONG_CODES_PER_CODE, 10 * 60);
// A blocked key marks a flow as ended; the entry lives as long as the flow could have.
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

/** Whether this code may still be tried: fewer than WRONG_CODES_PER_CODE wrong ones so far. */
export async function mayTryCode(flow: string, codeSentAt: number): Promise<boolean> {
  const wrong = await wrongCodes.get(`${flow}:${codeSentAt}`);
  return (wrong?.consumedPoints ?? 0) < WRONG_CODES_PER_CODE;
}

export async function recordWrongCode(flow: string, codeSentAt: number): Promise<void> {
  await wrongCodes.penalty(`${flow}:${codeSentAt}`);
}

/** Marks a flow as ended (logged out): its cookie, replayed, starts afresh. */
export async function endFlow(flow: string): Promise<void> {
  await endedFlows.block(flow, AUTHENTICATED_MAX_MS / 1000);
}

export async function hasEnded(flow: string): Promise<boolean> {
  const entry = await endedFlows.get(flow);
  return (entry?.consumedPoints ?? 0) > 1;
}
