import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import writeFileAtomic from "write-file-atomic";

export type SigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

type Retiring = { key: SigningKey; retiresAt: number };

/**
 * The tenant's RS256 signing keys. The current one is kept on disk so tokens stay
 * verifiable across restarts; after a rotation the previous one stays in the JWKS
 * for a while, as it would during a real key rollover.
 */
export class KeyRing {
  private retiring: Retiring[] = [];
  private rotation: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private signing: SigningKey,
  ) {}

  static async open(dataDir: string): Promise<KeyRing> {
    const file = path.join(dataDir, "signing-key.json");
    const saved = await readFile(file, "utf8").then((text) => JSON.parse(text) as JWK, () => null);
    const ring = new KeyRing(file, saved ? await fromPrivateJwk(saved) : await newKey());
    if (!saved) await ring.save();
    return ring;
  }

  get current(): SigningKey {
    return this.signing;
  }

  /** The public keys: the current one first, then those still retiring. */
  jwks(): { keys: JWK[] } {
    const now = Date.now();
    this.retiring = this.retiring.filter((entry) => entry.retiresAt > now);
    return { keys: [this.signing.publicJwk, ...this.retiring.map((entry) => entry.key.publicJwk)] };
  }

  /** A verifier over the keys of the JWKS, so tokens of a retiring key stay valid. */
  verifier() {
    return createLocalJWKSet(this.jwks());
  }

  /** Rotations run one after another, so none loses the key before it. */
  rotate(retireAfterMs: number): Promise<SigningKey> {
    const rotated = this.rotation.then(async () => {
      const next = await newKey();
      this.retiring.push({ key: this.signing, retiresAt: Date.now() + retireAfterMs });
      this.signing = next;
      await this.save();
      return next;
    });
    this.rotation = rotated.catch(() => undefined);
    return rotated;
  }

  private async save(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify(await exportJWK(this.signing.privateKey)), { mode: 0o600 });
  }
}

async function newKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  return fromPrivateJwk(await exportJWK(privateKey));
}

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const publicJwk: JWK = { kty: "RSA", n: jwk.n, e: jwk.e };
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateKey = (await importJWK(jwk, "RS256", { extractable: true })) as CryptoKey;
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: "RS256", use: "sig" } };
}
