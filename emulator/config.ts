import path from "node:path";
import type { Context } from "hono";

/**
 * The emulated tenant and its policies. Defaults follow ../shared/transmit-facts.md:
 * §4.1 (OTP), §4.2 (password lockout), §4.3 (token lifetimes), §6 (ids and issuer).
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
  otp: {
    codeLength: number;
    expiresInMinutes: number;
    maxFailures: number;
    lockoutMinutes: number;
  };
  password: {
    minLength: number;
    maxFailures: number;
    failuresExpireInMinutes: number;
    suspensionMinutes: number;
  };
  tokenTtlSeconds: number;
};

export const DEFAULT_CLIENT_ID = "emulatorclient0000000000000000id";
export const DEFAULT_CLIENT_SECRET = "emulator-client-secret";
export const DEFAULT_EMULATOR_PORT = 4010;

export function emulatorConfigFromEnv(env: Record<string, string | undefined> = process.env): EmulatorConfig {
  const port = Number(env.EMULATOR_PORT ?? DEFAULT_EMULATOR_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`EMULATOR_PORT must be a port number, got "${env.EMULATOR_PORT}"`);
  }
  return {
    port,
    publicUrl: env.EMULATOR_PUBLIC_URL ?? null,
    issuer: env.EMULATOR_ISSUER ?? "https://userid.security",
    tenantId: "emulatortenant0000001",
    appId: "emulatorapp000000001",
    appName: "Transmit emulator",
    clientId: env.EMULATOR_CLIENT_ID ?? DEFAULT_CLIENT_ID,
    clientSecret: env.EMULATOR_CLIENT_SECRET ?? DEFAULT_CLIENT_SECRET,
    dataDir: path.resolve(env.EMULATOR_DATA_DIR ?? ".data/emulator"),
    otp: { codeLength: 6, expiresInMinutes: 5, maxFailures: 3, lockoutMinutes: 15 },
    password: { minLength: 8, maxFailures: 5, failuresExpireInMinutes: 15, suspensionMinutes: 15 },
    tokenTtlSeconds: 3600,
  };
}

/** The emulator's base URL: the configured one, or the one this request reached it at. */
export function publicUrl(c: Context, config: EmulatorConfig): string {
  return config.publicUrl ?? new URL(c.req.url).origin;
}
