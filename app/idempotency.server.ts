import { createHmac, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { LRUCache } from "lru-cache";
import { config } from "./config.server";
import { log } from "./log.server";
import { redis } from "./redis.server";

/**
 * Steps that run once however often they are submitted: a double click, a second tab,
 * or a retry after Transmit's answer was lost. Records live in Redis when the app has
 * it, so that every instance sees them, else in this process; their keys are keyed
 * hashes (HMAC under the session secret), so no username, phone number, password or
 * code reaches the store.
 */

/** How often a request waiting for the same step looks again. */
const POLL_MS = 25;

type Records = {
  /** Sets `key` unless it is set; true when this call set it. */
  claim(key: string, value: string, ttlMs: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Deletes `key` if it still holds `value`. */
  release(key: string, value: string): Promise<void>;
};

const RELEASE_SCRIPT = 'if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end';

function recordsIn(client: NonNullable<typeof redis>): Records {
  return {
    claim: async (key, value, ttlMs) => (await client.set(key, value, "PX", ttlMs, "NX")) === "OK",
    get: (key) => client.get(key),
    set: async (key, value, ttlMs) => void (await client.set(key, value, "PX", ttlMs)),
    release: async (key, value) => void (await client.eval(RELEASE_SCRIPT, 1, key, value)),
  };
}

function recordsInMemory(): Records {
  const memory = new LRUCache<string, string>({ max: 100_000, ttlAutopurge: true });
  return {
    claim: async (key, value, ttlMs) => {
      if (memory.has(key)) return false;
      memory.set(key, value, { ttl: ttlMs });
      return true;
    },
    get: async (key) => memory.get(key) ?? null,
    set: async (key, value, ttlMs) => void memory.set(key, value, { ttl: ttlMs }),
    release: async (key, value) => void (memory.get(key) === value && memory.delete(key)),
  };
}

const records = redis ? recordsIn(redis) : recordsInMemory();

function recordKey(kind: string, key: string): string {
  return `mfa-${kind}:${createHmac("sha256", config().sessionSecrets[0] as string).update(key).digest("base64url")}`;
}

/** Waits until no other request runs this step; null if that takes longer than a step may take. */
async function acquire(lock: string): Promise<(() => Promise<void>) | null> {
  const owner = randomUUID();
  const { stepTimeoutMs } = config().transmit;
  const giveUpAt = Date.now() + stepTimeoutMs;
  while (!(await records.claim(lock, owner, stepTimeoutMs))) {
    if (Date.now() >= giveUpAt) return null;
    await sleep(POLL_MS);
  }
  return () => records.release(lock, owner);
}

export class StepStillRunningError extends Error {
  override name = "StepStillRunningError";
}

/**
 * Runs `work` for `key` one request at a time. A request that comes while it runs waits
 * for it; one that comes within `replayMs` after it succeeded gets its result without
 * running it again. A failure is not kept: the next request runs `work` itself. If the
 * store is down the step runs unguarded, as Transmit still refuses what it must.
 */
export async function idempotent<T>(key: string, replayMs: number, work: () => Promise<T>): Promise<T> {
  const lockKey = recordKey("lock", key);
  const resultKey = recordKey("result", key);
  let release: (() => Promise<void>) | null;
  try {
    release = await acquire(lockKey);
  } catch (error) {
    log.warn({ event: "idempotency", outcome: "store-unavailable", reason: (error as Error).message });
    return work();
  }
  if (!release) throw new StepStillRunningError("The same step is still running in another request");
  try {
    const earlier = await records.get(resultKey).catch(() => null);
    if (earlier !== null) return JSON.parse(earlier) as T;
    const result = await work();
    // The step went through at Transmit: a store failure now only costs the replay.
    await records.set(resultKey, JSON.stringify(result ?? null), replayMs).catch((error: Error) => log.warn({ event: "idempotency", outcome: "store-unavailable", reason: error.message }));
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}

/** Notes that Transmit did not answer a step, whose outcome is therefore unknown, for `ttlMs`. */
export async function noteUnanswered(key: string, ttlMs: number): Promise<void> {
  await records.set(recordKey("unanswered", key), "1", ttlMs).catch(() => undefined);
}

/** Whether an earlier run of this step went unanswered. */
export async function wasUnanswered(key: string): Promise<boolean> {
  return (await records.get(recordKey("unanswered", key)).catch(() => null)) !== null;
}
