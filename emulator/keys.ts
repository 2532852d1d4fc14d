import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import writeFileAtomic from "write-file-atomic";

export type SigningKey = { kid: string; privateKey: CryptoKey; publicKey: CryptoKey; publicJwk: JWK };

/** The tenant's RS256 signing key, kept on disk so tokens stay verifiable across restarts. */
export async function loadSigningKey(dataDir: string): Promise<SigningKey> {
  const file = path.join(dataDir, "signing-key.json");
  const privateJwk = await readFile(file, "utf8").then((text) => JSON.parse(text) as JWK, () => null);
  if (privateJwk) return fromPrivateJwk(privateJwk);

  const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  await mkdir(dataDir, { recursive: true });
  await writeFileAtomic(file, JSON.stringify(jwk), { mode: 0o600 });
  return fromPrivateJwk(jwk);
}

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const publicJwk: JWK = { kty: "RSA", n: jwk.n, e: jwk.e };
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateKey = (await importJWK(jwk, "RS256")) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, "RS256")) as CryptoKey;
  return { kid, privateKey, publicKey, publicJwk: { ...publicJwk, kid, alg: "RS256", use: "sig" } };
}
