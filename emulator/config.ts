import path from "node:path";
import type { Context } from "hono";
import { z } from "zod";

/**
 * The emulated tenant: its application, its policies, and a switch for each behaviour
 * that Transmit does not document. Every setting, its default and its source is listed
 * in docs/emulator.md (a test keeps the two in step).
 */
export type EmulatorConfig = {
  port: number;
  /** Where the emulator is reached, for the discovery document; by default the URL it was called at. */
  publicUrl: string | null;
  /** `iss` of every token; Transmit's US issuer by default. */
  issuer: string;
  tenantId: string;
  appId: string;
  appName: string;
  clientId: string;
  clientSecret: string;
  /** Users and the signing key survive restarts here. */
  dataDir: string;
  otp: { codeLength: number; expiresInMinutes: number; maxFailures: number; lockoutMinutes: number };
  password: { minLength: number; maxFailures: number; failuresExpireInMinutes: number; suspensionMinutes: number };
  tokens: { clientTtlSeconds: number; userTtlSeconds: number };
  behaviour: {
    /** Token endpoint errors: OAuth's `{error, error_description}` or Transmit's `{message, error_code}`. */
    tokenErrors: "oauth" | "transmit";
    /** The 401 body for a missing or bad bearer token. */
    invalidTokenBody: "numeric" | "string";
    /** Logout of a session that is unknown or already ended. */
    logoutUnknownSession: 204 | 404;
    /** `error_code` of a 400 for an unknown `session_id` on authenticate. */
    unknownSessionCode: "system_invalid_input" | "auth_session_not_found";
    /** Whether /otp/send during a lockout sends a fresh code (which lifts it) or is refused. */
    otpSendWhileLocked: "allow" | "refuse";
    /** Whether a code stays valid after a newer one is sent. */
    previousCodes: "invalid" | "valid";
    /** The 401 body for a wrong password or an unknown user: a string `error_code`, or a numeric one. */
    passwordFailureBody: "string" | "numeric";
  };
};

const DEFAULT_CLIENT_ID = "emulatorclient0000000000000000id";
const DEFAULT_CLIENT_SECRET = "emulator-client-secret";

const blankIsUnset = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const whole = (fallback: number, min: number, max: number) =>
  z.preprocess(blankIsUnset, z.coerce.number().int().min(min).max(max).default(fallback));
const text = (fallback: string) => z.preprocess(blankIsUnset, z.string().default(fallback));
const oneOf = <T extends string>(values: readonly [T, ...T[]]) => z.preprocess(blankIsUnset, z.enum(values).default(values[0]));

/** The settings, with their defaults. */
const EnvSchema = z.object({
  EMULATOR_PORT: whole(4010, 0, 65535),
  EMULATOR_PUBLIC_URL: z.preprocess(blankIsUnset, z.url().optional()),
  EMULATOR_ISSUER: text("https://userid.security"),
  EMULATOR_CLIENT_ID: text(DEFAULT_CLIENT_ID),
  EMULATOR_CLIENT_SECRET: text(DEFAULT_CLIENT_SECRET),
  EMULATOR_DATA_DIR: text(".data/emulator"),
  EMULATOR_OTP_CODE_LENGTH: whole(6, 4, 8),
  EMULATOR_OTP_EXPIRES_MINUTES: whole(5, 1, 60),
  EMULATOR_OTP_MAX_FAILURES: whole(3, 1, 20),
  EMULATOR_OTP_LOCKOUT_MINUTES: whole(15, 0, 1440),
  EMULATOR_PASSWORD_MIN_LENGTH: whole(8, 5, 14),
  EMULATOR_PASSWORD_MAX_FAILURES: whole(5, 1, 100),
  EMULATOR_PASSWORD_FAILURES_EXPIRE_MINUTES: whole(15, 1, 1440),
  EMULATOR_PASSWORD_LOCKOUT_MINUTES: whole(15, 0, 1440),
  EMULATOR_CLIENT_TOKEN_TTL_SECONDS: whole(3600, 1, 86_400),
  EMULATOR_USER_TOKEN_TTL_SECONDS: whole(3600, 1, 86_400),
  EMULATOR_TOKEN_ERRORS: oneOf(["oauth", "transmit"]),
  EMULATOR_INVALID_TOKEN_BODY: oneOf(["numeric", "string"]),
  EMULATOR_LOGOUT_UNKNOWN_SESSION: oneOf(["204", "404"]),
  EMULATOR_UNKNOWN_SESSION_CODE: oneOf(["system_invalid_input", "auth_session_not_found"]),
  EMULATOR_OTP_SEND_WHILE_LOCKED: oneOf(["allow", "refuse"]),
  EMULATOR_PREVIOUS_CODES: oneOf(["invalid", "valid"]),
  EMULATOR_PASSWORD_FAILURE_BODY: oneOf(["string", "numeric"]),
});

export const EMULATOR_SETTINGS = Object.keys(EnvSchema.shape) as (keyof typeof EnvSchema.shape)[];

export function emulatorConfigFromEnv(source: Record<string, string | undefined> = process.env): EmulatorConfig {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`The emulator's settings are not valid:\n${problems.join("\n")}`);
  }
  const env = parsed.data;
  return {
    port: env.EMULATOR_PORT,
    publicUrl: env.EMULATOR_PUBLIC_URL?.replace(/\/+$/, "") ?? null,
    issuer: env.EMULATOR_ISSUER,
    tenantId: "emulatortenant0000001",
    appId: "emulatorapp000000001",
    appName: "Transmit emulator",
    clientId: env.EMULATOR_CLIENT_ID,
    clientSecret: env.EMULATOR_CLIENT_SECRET,
    dataDir: path.resolve(env.EMULATOR_DATA_DIR),
    otp: {
      codeLength: env.EMULATOR_OTP_CODE_LENGTH,
      expiresInMinutes: env.EMULATOR_OTP_EXPIRES_MINUTES,
      maxFailures: env.EMULATOR_OTP_MAX_FAILURES,
      lockoutMinutes: env.EMULATOR_OTP_LOCKOUT_MINUTES,
    },
    password: {
      minLength: env.EMULATOR_PASSWORD_MIN_LENGTH,
      maxFailures: env.EMULATOR_PASSWORD_MAX_FAILURES,
      failuresExpireInMinutes: env.EMULATOR_PASSWORD_FAILURES_EXPIRE_MINUTES,
      suspensionMinutes: env.EMULATOR_PASSWORD_LOCKOUT_MINUTES,
    },
    tokens: { clientTtlSeconds: env.EMULATOR_CLIENT_TOKEN_TTL_SECONDS, userTtlSeconds: env.EMULATOR_USER_TOKEN_TTL_SECONDS },
    behaviour: {
      tokenErrors: env.EMULATOR_TOKEN_ERRORS,
      invalidTokenBody: env.EMULATOR_INVALID_TOKEN_BODY,
      logoutUnknownSession: env.EMULATOR_LOGOUT_UNKNOWN_SESSION === "404" ? 404 : 204,
      unknownSessionCode: env.EMULATOR_UNKNOWN_SESSION_CODE,
      otpSendWhileLocked: env.EMULATOR_OTP_SEND_WHILE_LOCKED,
      previousCodes: env.EMULATOR_PREVIOUS_CODES,
      passwordFailureBody: env.EMULATOR_PASSWORD_FAILURE_BODY,
    },
  };
}

/** The emulator's base URL: the configured one, or the one this request reached it at. */
export function publicUrl(c: Context, config: EmulatorConfig): string {
  return config.publicUrl ?? new URL(c.req.url).origin;
}
