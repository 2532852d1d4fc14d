import { readFileSync } from "node:fs";
import path from "node:path";
import { createHmac } from "node:crypto";
import { base64url, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from "jose";
import { describe, expect, it } from "vitest";
import { IdTokenRejectedError, verifyIdToken } from "~/id-token.server";

// The emulator's own signing key: tokens signed with it are what Transmit would send.
const tenantJwk = JSON.parse(readFileSync(path.join(process.env.EMULATOR_DATA_DIR as string, "signing-key.json"), "utf8")) as JWK;
const tenantKey = await importJWK(tenantJwk, "RS256");
const kid = await calculateJwkThumbprint({ kty: "RSA", n: tenantJwk.n, e: tenantJwk.e });
const clientId = process.env.TRANSMIT_CLIENT_ID as string;
const issuer = process.env.TRANSMIT_ISSUER as string;
const now = () => Math.floor(Date.now() / 1000);

function claims(overrides: JWTPayload = {}): JWTPayload {
  return { sub: "user-1", amr: ["pwd", "sms", "mfa"], aud: clientId, iss: issuer, iat: now(), exp: now() + 3600, ...overrides };
}

function sign(payload: JWTPayload, key: CryptoKey | Uint8Array = tenantKey as CryptoKey, header: Record<string, unknown> = {}) {
  return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid, ...header }).sign(key);
}

/** A token assembled by hand, for the algorithms no honest signer uses. */
function handMade(header: object, payload: object, sign: (input: string) => string) {
  const input = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}`;
  return `${input}.${sign(input)}`;
}

async function rejected(token: string | undefined) {
  const error = await verifyIdToken(token).then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(IdTokenRejectedError);
}

describe("ID token verification", () => {
  it("accepts a token signed by the tenant's key, for this client, from this issuer", async () => {
    await expect(verifyIdToken(await sign(claims()))).resolves.toMatchObject({ sub: "user-1", amr: ["pwd", "sms", "mfa"] });
  });

  it("tolerates up to 60 seconds of clock skew", async () => {
    await expect(verifyIdToken(await sign(claims({ exp: now() - 30 })))).resolves.toMatchObject({ sub: "user-1" });
  });

  it("rejects a missing token", () => rejected(undefined));

  it("rejects a changed payload under the old signature", async () => {
    const [header, , signature] = (await sign(claims())).split(".");
    await rejected(`${header}.${base64url.encode(JSON.stringify(claims({ sub: "someone-else" })))}.${signature}`);
  });

  it("rejects alg none", () => rejected(handMade({ alg: "none", kid }, claims(), () => "")));

  it("rejects HS256 signed with the tenant's public key", async () => {
    const publicPem = Buffer.from(JSON.stringify({ kty: "RSA", n: tenantJwk.n, e: tenantJwk.e }));
    await rejected(handMade({ alg: "HS256", kid }, claims(), (input) => createHmac("sha256", publicPem).update(input).digest("base64url")));
  });

  it("rejects a token carrying its own key in the header", async () => {
    const attacker = await generateKeyPair("RS256", { extractable: true });
    await rejected(await sign(claims(), attacker.privateKey, { jwk: await exportJWK(attacker.publicKey) }));
  });

  it("rejects a key the tenant's JWKS does not have", async () => {
    const attacker = await generateKeyPair("RS256");
    await rejected(await sign(claims(), attacker.privateKey, { kid: "attacker-key" }));
  });

  it("rejects another audience", async () => rejected(await sign(claims({ aud: "another-client" }))));

  it("rejects another issuer", async () => rejected(await sign(claims({ iss: "https://evil.example" }))));

  it("rejects an expired token, past the 60 s tolerance", async () => {
    await rejected(await sign(claims({ exp: now() - 90 })));
    await rejected(await sign(claims({ exp: now() - 120 })));
  });

  it("rejects a token not valid yet", async () => rejected(await sign(claims({ nbf: now() + 120 }))));

  it("rejects a token without a subject", async () => rejected(await sign(claims({ sub: undefined }))));
});
