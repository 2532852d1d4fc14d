import { isSupportedCountry } from "libphonenumber-js/max";
import { z } from "zod";

/**
 * The environment, parsed once at start. Transmit's own sample repo names
 * (VITE_TS_CLIENT_ID, TS_CLIENT_SECRET, VITE_TS_API_BASE) are accepted as aliases.
 */
export type AppConfig = {
  transmit: {
    apiBase: string;
    clientId: string;
    clientSecret: string;
    /** The `iss` every ID token must carry. */
    issuer: string;
    timeoutMs: number;
    /** How many times a failed read that changes nothing at Transmit (the client token, the JWKS) is tried again. */
    retries: number;
    /** The first retry's delay; each next one waits twice as long. */
    retryDelayMs: number;
    /**
     * The longest a step may take: the slowest (login) makes up to eight timed calls (the client
     * token, the password and its retry with a new token, the JWKS, and the same again for
     * sending the code), the token and the JWKS each tried up to `retries` more times; ten
     * leaves room for the backoff between tries.
     */
    stepTimeoutMs: number;
    /** How long the tenant's SMS codes stay valid; the code page ends with it. */
    codeValidityMinutes: number;
  };
  /** Set when the app runs on the embedded emulator; the pages link to its SMS outbox. */
  emulatorUrl: string | null;
  sessionSecrets: string[];
  secureCookies: boolean;
  defaultPhoneCountry: string;
  logLevel: string;
  /** JSON lines (production), or one readable line per event (`npm run dev`). */
  logFormat: "json" | "pretty";
  /** The browser's mirror of the flow for the Stately inspector (FLOW_INSPECTOR=on): its script is served, its button shown. */
  flowInspector: boolean;
  /** Where the server streams its own actors for the Stately inspector (FLOW_INSPECTOR_WS), if anywhere. */
  inspectorWebSocket: string | null;
  port: number;
  /** Express's "trust proxy": false, or how many proxies in front set X-Forwarded-For. */
  trustProxy: number | false;
  /** Where rate limits, code counters and ended flows are kept; in memory when null. */
  redisUrl: string | null;
  limits: { postsPerMinute: number; resendCooldownSeconds: number };
};

/** Token issuers of Transmit's clusters (docs/emulator.md). */
const ISSUERS: Record<string, string> = {
  "api.transmitsecurity.io": "https://userid.security",
  "api.eu.transmitsecurity.io": "https://eu.userid.security",
  "api.ca.transmitsecurity.io": "https://ca.userid.security",
};

const optional = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value === "" ? undefined : value));

const EnvSchema = z.object({
  TRANSMIT_CLIENT_ID: optional,
  VITE_TS_CLIENT_ID: optional,
  TRANSMIT_CLIENT_SECRET: optional,
  TS_CLIENT_SECRET: optional,
  TRANSMIT_API_BASE: optional,
  VITE_TS_API_BASE: optional,
  TRANSMIT_ISSUER: optional,
  TRANSMIT_TIMEOUT_MS: optional,
  TRANSMIT_RETRIES: optional,
  TRANSMIT_RETRY_DELAY_MS: optional,
  TRANSMIT_OTP_EXPIRES_MINUTES: optional,
  EMULATOR_URL: optional,
  SESSION_SECRET: optional,
  PORT: optional,
  TRUST_PROXY: optional,
  REDIS_URL: optional,
  RATE_LIMIT_POSTS_PER_MINUTE: optional,
  RESEND_COOLDOWN_SECONDS: optional,
  DEFAULT_PHONE_COUNTRY: optional,
  LOG_LEVEL: optional,
  LOG_FORMAT: optional,
  FLOW_INSPECTOR: optional,
  FLOW_INSPECTOR_WS: optional,
});

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

/** The settings that name a Transmit tenant. */
export const TENANT_SETTINGS = ["TRANSMIT_CLIENT_ID", "VITE_TS_CLIENT_ID", "TRANSMIT_CLIENT_SECRET", "TS_CLIENT_SECRET", "TRANSMIT_API_BASE", "VITE_TS_API_BASE"];

/** True when any Transmit tenant setting is given: then the app talks to that tenant, and needs all of them. */
export function namesTenant(source: Record<string, string | undefined>): boolean {
  return TENANT_SETTINGS.some((name) => Boolean(source[name]?.trim()));
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is incomplete:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseConfig(source: Record<string, string | undefined>): AppConfig {
  const env = EnvSchema.parse(source);
  const problems: string[] = [];

  const clientId = env.TRANSMIT_CLIENT_ID ?? env.VITE_TS_CLIENT_ID;
  const clientSecret = env.TRANSMIT_CLIENT_SECRET ?? env.TS_CLIENT_SECRET;
  if (!clientId) problems.push("TRANSMIT_CLIENT_ID is not set (the client ID of your Transmit application).");
  if (!clientSecret) problems.push("TRANSMIT_CLIENT_SECRET is not set (the client secret of your Transmit application).");

  const apiBase = normaliseApiBase(env.TRANSMIT_API_BASE ?? env.VITE_TS_API_BASE ?? "https://api.transmitsecurity.io");
  const issuer = env.TRANSMIT_ISSUER ?? (apiBase ? ISSUERS[new URL(apiBase).host] : undefined);
  if (!apiBase) problems.push(`TRANSMIT_API_BASE must be an http(s) URL, such as https://api.eu.transmitsecurity.io.`);
  else if (!issuer) problems.push(`TRANSMIT_ISSUER is not set, and ${apiBase} is not a Transmit cluster whose token issuer is known.`);

  const timeoutMs = Number(env.TRANSMIT_TIMEOUT_MS ?? 5000);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) problems.push("TRANSMIT_TIMEOUT_MS must be a positive whole number of milliseconds.");
  const retries = Number(env.TRANSMIT_RETRIES ?? 2);
  if (!Number.isInteger(retries) || retries < 0 || retries > 5) problems.push("TRANSMIT_RETRIES must be a whole number from 0 to 5.");
  const retryDelayMs = Number(env.TRANSMIT_RETRY_DELAY_MS ?? 200);
  if (!Number.isInteger(retryDelayMs) || retryDelayMs < 0) problems.push("TRANSMIT_RETRY_DELAY_MS must be a whole number of milliseconds, such as 200.");

  // Transmit's default; a code that outlives the 10 minutes of NIST 800-63B is not accepted.
  const codeValidityMinutes = Number(env.TRANSMIT_OTP_EXPIRES_MINUTES ?? 5);
  if (!Number.isInteger(codeValidityMinutes) || codeValidityMinutes < 1 || codeValidityMinutes > 10) {
    problems.push("TRANSMIT_OTP_EXPIRES_MINUTES must be a whole number of minutes from 1 to 10, the code expiry of your Transmit tenant.");
  }

  const sessionSecrets = (env.SESSION_SECRET ?? "").split(",").map((secret) => secret.trim()).filter(Boolean);
  if (sessionSecrets.length === 0) problems.push("SESSION_SECRET is not set (a long random string; the flow's cookie is sealed with a key derived from it).");

  // Secure by default: only the local emulator, reached over plain http, goes without.
  const secure = !env.EMULATOR_URL;
  if (secure && sessionSecrets.some((secret) => secret.length < 32)) {
    problems.push("SESSION_SECRET must be at least 32 characters (each one, when comma-separated); `openssl rand -base64 32` makes one.");
  }

  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push("PORT must be a port number, such as 3000.");

  const trustProxy = env.TRUST_PROXY === undefined ? false : Number(env.TRUST_PROXY);
  if (trustProxy !== false && (!Number.isInteger(trustProxy) || trustProxy < 1)) {
    problems.push("TRUST_PROXY must be the number of proxies in front of the app that set X-Forwarded-For, such as 1.");
  }

  const postsPerMinute = Number(env.RATE_LIMIT_POSTS_PER_MINUTE ?? 10);
  if (!Number.isInteger(postsPerMinute) || postsPerMinute < 1) problems.push("RATE_LIMIT_POSTS_PER_MINUTE must be a whole number of form posts per minute per client, such as 10.");
  const resendCooldownSeconds = Number(env.RESEND_COOLDOWN_SECONDS ?? 30);
  if (!Number.isInteger(resendCooldownSeconds) || resendCooldownSeconds < 1) problems.push("RESEND_COOLDOWN_SECONDS must be a whole number of seconds, such as 30.");
  if (env.REDIS_URL && !/^rediss?:\/\//.test(env.REDIS_URL)) problems.push("REDIS_URL must be a redis:// or rediss:// URL.");

  const defaultPhoneCountry = (env.DEFAULT_PHONE_COUNTRY ?? "US").toUpperCase();
  if (!isSupportedCountry(defaultPhoneCountry)) problems.push("DEFAULT_PHONE_COUNTRY must be a two-letter country code, such as US or GB.");

  const logLevel = env.LOG_LEVEL ?? "info";
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}.`);

  const logFormat = env.LOG_FORMAT ?? "json";
  if (logFormat !== "json" && logFormat !== "pretty") problems.push("LOG_FORMAT must be json or pretty.");
  const flowInspector = env.FLOW_INSPECTOR ?? "off";
  if (flowInspector !== "on" && flowInspector !== "off") problems.push("FLOW_INSPECTOR must be on or off.");
  if (env.FLOW_INSPECTOR_WS && !/^wss?:\/\//.test(env.FLOW_INSPECTOR_WS)) problems.push("FLOW_INSPECTOR_WS must be a ws:// or wss:// URL, such as ws://localhost:8080 (`npm run inspector`).");

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    transmit: {
      apiBase: apiBase as string,
      clientId: clientId as string,
      clientSecret: clientSecret as string,
      issuer: issuer as string,
      timeoutMs,
      retries,
      retryDelayMs,
      stepTimeoutMs: 10 * (retries + 1) * (timeoutMs + retryDelayMs),
      codeValidityMinutes,
    },
    emulatorUrl: env.EMULATOR_URL ?? null,
    sessionSecrets,
    // The emulator is for local use over plain http, where not every browser keeps Secure cookies.
    secureCookies: secure,
    defaultPhoneCountry,
    logLevel,
    logFormat: logFormat as AppConfig["logFormat"],
    flowInspector: flowInspector === "on",
    inspectorWebSocket: env.FLOW_INSPECTOR_WS ?? null,
    port,
    trustProxy,
    redisUrl: env.REDIS_URL ?? null,
    limits: { postsPerMinute, resendCooldownSeconds },
  };
}

/** Accepts the API base with or without a trailing slash or `/cis`. */
function normaliseApiBase(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    return url.toString().replace(/\/+$/, "").replace(/\/cis$/, "");
  } catch {
    return null;
  }
}

let loaded: AppConfig | undefined;

/** The app's configuration; the first call parses the environment. */
export function config(): AppConfig {
  loaded ??= parseConfig(process.env);
  return loaded;
}
