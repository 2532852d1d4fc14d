import { createHash, hkdfSync } from "node:crypto";
import { decodeProtectedHeader, EncryptJWT, jwtDecrypt } from "jose";

/**
 * Sealing the flow for the browser: encrypted and authenticated (JWE, `dir` with
 * A256GCM), so whoever holds the cookie can read nothing in it and change nothing.
 */
export type SealKey = { kid: string; key: CryptoKey };

/**
 * One key per secret; HKDF, so the secret itself, however it was chosen, never encrypts anything.
 * Imported once: handed raw bytes, jose would import them again for every seal and unseal.
 */
export function sealKeys(secrets: string[]): Promise<SealKey[]> {
  return Promise.all(
    secrets.map(async (secret) => {
      const bytes = new Uint8Array(hkdfSync("sha256", secret, "transmit-mfa", "flow cookie A256GCM", 32));
      const key = await crypto.subtle.importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]);
      return { kid: createHash("sha256").update(bytes).digest("base64url").slice(0, 8), key };
    }),
  );
}

/** `flow`, sealed with `key` until `expiresAt` (epoch ms). */
export function seal(flow: unknown, expiresAt: number, { kid, key }: SealKey): Promise<string> {
  return new EncryptJWT({ flow })
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid })
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt / 1000))
    .encrypt(key);
}

/** The sealed flow, or null when no key opens it, it was changed, or it has expired. */
export async function unseal(sealed: string, keys: SealKey[]): Promise<unknown> {
  try {
    const match = keys.find((candidate) => candidate.kid === decodeProtectedHeader(sealed).kid);
    if (!match) return null;
    const { payload } = await jwtDecrypt(sealed, match.key, { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"] });
    return payload.flow ?? null;
  } catch {
    return null;
  }
}
