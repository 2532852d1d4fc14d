import { createRemoteJWKSet, customFetch, errors, jwtVerify } from "jose";
import type { IdTokenClaims } from "../machines/flow.machine";
import { config } from "./config.server";
import { JWKS_ENDPOINT, transmit } from "./transmit/client.server";
import { TransmitUnavailableError } from "./transmit/errors.server";

const { issuer, clientId } = config().transmit;

// Created once: jose caches the keys and refetches on an unknown kid, at most every 30 s.
// Fetched through the client like every other Transmit call: timed, logged, retried, shown on the next page.
const jwks = createRemoteJWKSet(transmit.jwksUrl, { [customFetch]: transmit.fetchJwks, cooldownDuration: 30_000, cacheMaxAge: 600_000 });

/** jose's codes for a JWKS that could not be fetched or read, as opposed to a bad token. */
const KEYS_UNAVAILABLE = new Set(["ERR_JWKS_TIMEOUT", "ERR_JWKS_INVALID", "ERR_JOSE_GENERIC"]);

export class IdTokenRejectedError extends Error {
  override name = "IdTokenRejectedError";
}

/**
 * Verifies an ID token from Transmit: RS256 signature by a key of the tenant's JWKS,
 * the exact issuer, our client id as audience, and expiry, with 60 s of clock skew.
 */
export async function verifyIdToken(idToken: string | undefined): Promise<IdTokenClaims> {
  if (!idToken) throw new IdTokenRejectedError("Transmit returned no ID token");
  try {
    const { payload } = await jwtVerify(idToken, jwks, {
      algorithms: ["RS256"],
      issuer,
      audience: clientId,
      clockTolerance: 60,
      requiredClaims: ["sub", "iat", "exp"],
    });
    return payload as IdTokenClaims;
  } catch (error) {
    if (!(error instanceof errors.JOSEError) || KEYS_UNAVAILABLE.has(error.code)) {
      throw new TransmitUnavailableError(JWKS_ENDPOINT, "the signing keys could not be fetched");
    }
    throw new IdTokenRejectedError(`The ID token was rejected: ${(error as Error).message}`);
  }
}
