import { createHash, hkdfSync } from "node:crypto";
import { decrypt, encrypt, jweKey, keyFor, type JweKey } from "./jwe.server";

/**
 * Sealing the flow for the browser: encrypted and authenticated (JWE, `dir` with
 * A256GCM), so whoever holds the cookie can read nothing in it and change nothing.
 * The flow travels as the `flow` claim of a JWT with `iat` and `exp`.
 */
export type SealKey = JweKey;

/** One key per secret; HKDF, so the secret itself, however it was chosen, never encrypts anything. */
export function sealKeys(secrets: string[]): SealKey[] {
  return secrets.map((secret) => {
    const bytes = new Uint8Array(hkdfSync("sha256", secret, "transmit-mfa", "flow cookie A256GCM", 32));
    return jweKey(bytes, createHash("sha256").update(bytes).digest("base64url").slice(0, 8));
  });
}

const seconds = (epochMs: number) => Math.floor(epochMs / 1000);

/** `flow`, sealed with `key` until `expiresAt` (epoch ms). */
export function seal(flow: unknown, expiresAt: number, key: SealKey): string {
  return encrypt(JSON.stringify({ flow, iat: seconds(Date.now()), exp: seconds(expiresAt) }), key);
}

/** The sealed flow, or null when no key opens it, it was changed, or it has expired. */
export function unseal(sealed: string, keys: SealKey[]): unknown {
  const key = keyFor(sealed, keys);
  const plaintext = key ? decrypt(sealed, key) : null;
  if (plaintext === null) return null;
  try {
    const { flow, exp } = JSON.parse(plaintext) as { flow?: unknown; exp?: unknown };
    return typeof exp === "number" && exp > seconds(Date.now()) ? (flow ?? null) : null;
  } catch {
    return null;
  }
}
