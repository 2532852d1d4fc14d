import { createHmac, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { LRUCache } from "lru-cache";
import { config } from "./config.server";
import { decrypt, encrypt, jweKey } from "./jwe.server";
import { log } from "./log.server";
import { redis } from "./redis.server";
import { TransmitError, TransmitUnavailableError } from "./transmit/errors.server";

/**
 * Steps that run once however often they are submitted: a double click, a second tab,
 * or a retry after Transmit's answer was lost. Records live in Redis when the app has
 * it, so that every instance sees them, else in this process. Their names are keyed
 * hashes (HMAC under the session secret) of the submission, and a result is encrypted
 * under a key only the same submission derives: no username, phone number, password,
 * code or session_id can be read from the store.
 */

/**
 * How long a submission that went through answers the same again: a double click's
 * second request comes within milliseconds, while a captured one must not replay a login.
 */
const REPLAY_MS = 5_000;

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

/** A name for the store and a key for the result, both derived from the submission under the session secret. */
function derive(purpose: string, submission: string): Buffer {
  return createHmac("sha256", config().sessionSecrets[0] as string).update(`${purpose}\0${submission}`).digest();
}

const recordName = (kind: string, submission: string) => `mfa-${kind}:${derive(kind, submission).toString("base64url")}`;

const resultKey = (submission: string) => jweKey(derive("result-key", submission));

function sealResult(result: unknown, submission: string): string {
  return encrypt(JSON.stringify(result ?? null), resultKey(submission));
}

function openResult<T>(sealed: string, submission: string): T {
  const plaintext = decrypt(sealed, resultKey(submission));
  if (plaintext === null) throw new Error("The stored result of this submission could not be opened");
  return JSON.parse(plaintext) as T;
}

/** Waits until no other request runs this submission; null if that takes longer than a step may take. */
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

export type Once<T> = {
  /** The Transmit endpoint the step calls: only its own failures count as unanswered. */
  endpoint: string;
  /** How long a call Transmit left unanswered makes its refusal of the same submission ambiguous. */
  unansweredMs: number;
  /** What Transmit refusing the same submission, after it left one unanswered, means: the step's answer, or a clearer error. */
  afterUnanswered: (refusal: TransmitError) => T;
};

/**
 * Runs `call`, a step's one call to Transmit, once per `submission` (everything the
 * person submitted, and the flow it belongs to). A request with the same submission that
 * comes while it runs waits for it; one that comes just after it went through gets its
 * result. A failure is not kept: the next request calls Transmit itself. If the store is
 * down, or the first request takes longer than a step may, the call runs unguarded, as
 * Transmit still refuses what it must.
 */
export async function once<T>(submission: string, call: () => Promise<T>, { endpoint, unansweredMs, afterUnanswered }: Once<T>): Promise<T> {
  const unanswered = recordName("unanswered", submission);
  const guarded = async () => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof TransmitUnavailableError && error.endpoint === endpoint) {
        await records.set(unanswered, "1", unansweredMs).catch(() => undefined);
      } else if (error instanceof TransmitError && error.endpoint === endpoint && (await records.get(unanswered).catch(() => null)) !== null) {
        return afterUnanswered(error);
      }
      throw error;
    }
  };

  const result = recordName("result", submission);
  const release = await acquire(recordName("lock", submission)).catch((error: Error) => {
    log.warn({ event: "idempotency", outcome: "store-unavailable", reason: error.message });
    return null;
  });
  if (!release) return guarded();
  try {
    const earlier = await records.get(result).catch(() => null);
    if (earlier !== null) return openResult<T>(earlier, submission);
    const value = await guarded();
    // The step went through at Transmit: a store failure now only costs the replay.
    await records.set(result, sealResult(value, submission), REPLAY_MS).catch((error: Error) => log.warn({ event: "idempotency", outcome: "store-unavailable", reason: error.message }));
    return value;
  } finally {
    await release().catch(() => undefined);
  }
}
