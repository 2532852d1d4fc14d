import { randomBytes } from "node:crypto";
import { compactDecrypt, CompactEncrypt, EncryptJWT, jwtDecrypt } from "jose";
import { describe, expect, it } from "vitest";
import { seal, sealKeys, unseal } from "~/flow-seal.server";
import { decrypt, encrypt, jweKey, keyFor } from "~/jwe.server";

const secret = randomBytes(32);
const key = jweKey(secret, "k1");
const plaintext = JSON.stringify({ flow: { state: "otp" }, note: "ünïcödé €" });

/** `token` with one character of part `part` changed. */
function changed(token: string, part: number): string {
  const parts = token.split(".");
  const value = parts[part] as string;
  parts[part] = `${value[0] === "A" ? "B" : "A"}${value.slice(1)}`;
  return parts.join(".");
}

describe("compact JWE, dir with A256GCM", () => {
  it("makes tokens jose opens, and opens tokens jose makes", async () => {
    const token = encrypt(plaintext, key);
    const opened = await compactDecrypt(token, secret, { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"] });
    expect(new TextDecoder().decode(opened.plaintext)).toBe(plaintext);
    expect(opened.protectedHeader).toEqual({ alg: "dir", enc: "A256GCM", kid: "k1" });

    const byJose = await new CompactEncrypt(new TextEncoder().encode(plaintext)).setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: "k1" }).encrypt(secret);
    expect(decrypt(byJose, key)).toBe(plaintext);
  });

  it("uses a fresh IV for every token", () => {
    const ivs = new Set(Array.from({ length: 50 }, () => encrypt(plaintext, key).split(".")[2]));
    expect(ivs.size).toBe(50);
  });

  it("opens nothing that was changed in any part, cut short, or sealed under another key or header", async () => {
    const token = encrypt(plaintext, key);
    for (const part of [0, 2, 3, 4]) expect(decrypt(changed(token, part), key), `part ${part}`).toBeNull();
    // An encrypted key where `dir` has none.
    expect(decrypt(token.replace("..", ".AAAA."), key)).toBeNull();
    // A tag cut to 12 bytes, which GCM would otherwise check as far as it goes.
    const parts = token.split(".");
    parts[4] = Buffer.from(parts[4] as string, "base64url").subarray(0, 12).toString("base64url");
    expect(decrypt(parts.join("."), key)).toBeNull();
    expect(decrypt(token.split(".").slice(0, 4).join("."), key)).toBeNull();
    expect(decrypt(encrypt(plaintext, jweKey(randomBytes(32), "k1")), key)).toBeNull();
    // The same key under another header is refused; and the header is the AAD, so it cannot be swapped either.
    expect(decrypt(encrypt(plaintext, jweKey(secret)), key)).toBeNull();
    const sameKeyOtherHeader = jweKey(secret);
    expect(decrypt([sameKeyOtherHeader.header, ...token.split(".").slice(1)].join("."), sameKeyOtherHeader)).toBeNull();
    // Characters base64url has not, which a lenient decoder would skip: one token, one spelling.
    const [head, empty, iv, ciphertext, tag] = token.split(".");
    expect(decrypt([head, empty, iv, `${ciphertext}!!!`, tag].join("."), key)).toBeNull();
    expect(decrypt([head, empty, iv, ciphertext, `${tag}==`].join("."), key)).toBeNull();
    const otherAlgorithm = await new CompactEncrypt(new TextEncoder().encode(plaintext)).setProtectedHeader({ alg: "dir", enc: "A128GCM", kid: "k1" }).encrypt(secret.subarray(0, 16));
    expect(keyFor(otherAlgorithm, [key])).toBeUndefined();
  });

  it("finds the key of a token among several by its header", () => {
    const other = jweKey(randomBytes(32), "k2");
    expect(keyFor(encrypt(plaintext, other), [key, other])).toBe(other);
    expect(keyFor("not a token", [key, other])).toBeUndefined();
  });
});

describe("the sealed flow", () => {
  const [current, previous] = sealKeys(["a-session-secret-of-at-least-32-characters", "an-older-session-secret-of-32-characters"]) as [never, never];

  it("is a JWT jose opens, with the flow, iat and exp", async () => {
    const expiresAt = Date.now() + 60_000;
    const sealed = seal({ state: "login" }, expiresAt, current);
    const { key: bytes } = current as { key: Buffer };
    const { payload } = await jwtDecrypt(sealed, bytes, { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"] });
    expect(payload).toEqual({ flow: { state: "login" }, iat: expect.any(Number), exp: Math.floor(expiresAt / 1000) });
  });

  it("opens what jose sealed as the app did before, with any of the keys", async () => {
    const { key: bytes, header } = previous as { key: Buffer; header: string };
    const { kid } = JSON.parse(Buffer.from(header, "base64url").toString());
    const sealed = await new EncryptJWT({ flow: { state: "otp" } }).setProtectedHeader({ alg: "dir", enc: "A256GCM", kid }).setIssuedAt().setExpirationTime("1m").encrypt(bytes);
    expect(unseal(sealed, [current, previous])).toEqual({ state: "otp" });
    expect(unseal(sealed, [current])).toBeNull();
  });

  it("opens nothing once it has expired", () => {
    expect(unseal(seal({ state: "login" }, Date.now() + 2_000, current), [current])).toEqual({ state: "login" });
    expect(unseal(seal({ state: "login" }, Date.now() - 1_000, current), [current])).toBeNull();
  });
});
