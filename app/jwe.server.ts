import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Compact JWE with a shared 256-bit key used directly ("alg": "dir") and AES-256-GCM
 * ("enc": "A256GCM"), RFC 7516: the tokens jose makes and opens (tests/unit/jwe.test.ts), made
 * here with node:crypto because jose works through WebCrypto, which in Node sends every
 * operation to the thread pool and back: a round trip per cookie read and written, on a busy
 * machine the larger part of the cost.
 */
export type JweKey = {
  key: Buffer;
  /** The protected header as sent, base64url: the only one this key opens, and the AAD of every token. */
  header: string;
};

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Base64url as RFC 7515 writes it, no padding: Buffer would skip other characters, giving a token many spellings. */
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** A key for JWE, with the header its tokens carry; `kid` names the key among several. */
export function jweKey(key: Uint8Array, kid?: string): JweKey {
  if (key.length !== 32) throw new Error("A256GCM takes a 32-byte key");
  const header = kid === undefined ? { alg: "dir", enc: "A256GCM" } : { alg: "dir", enc: "A256GCM", kid };
  return { key: Buffer.from(key), header: Buffer.from(JSON.stringify(header)).toString("base64url") };
}

/** `plaintext` encrypted and authenticated under `key`, with a fresh random IV. */
export function encrypt(plaintext: string, { key, header }: JweKey): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(header, "ascii"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [header, "", iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** The key of `keys` whose header `token` carries, if any: other headers (another algorithm, say) are refused. */
export function keyFor(token: string, keys: readonly JweKey[]): JweKey | undefined {
  const header = token.slice(0, token.indexOf("."));
  return keys.find((candidate) => candidate.header === header);
}

/** The plaintext, or null when `token` is not one `key` sealed, or was changed in any part. */
export function decrypt(token: string, { key, header }: JweKey): string | null {
  const parts = token.split(".");
  if (parts.length !== 5) return null;
  const [protectedHeader, encryptedKey, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  if (protectedHeader !== header || encryptedKey !== "" || ![iv, ciphertext, tag].every((part) => BASE64URL.test(part))) return null;
  const ivBytes = Buffer.from(iv, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(header, "ascii"));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
