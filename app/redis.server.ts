import { Redis } from "ioredis";
import { config } from "./config.server";
import { log } from "./log.server";

/**
 * The app's one Redis connection (REDIS_URL), shared by every instance's limits and
 * records; null when the app keeps them in memory. Commands fail fast while Redis is
 * down instead of queueing, so each caller decides whether to fail open or closed.
 */
export const redis = config().redisUrl ? new Redis(config().redisUrl as string, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
redis?.on("error", (error: Error) => log.warn({ event: "redis", outcome: "error", reason: error.message }));
