import { randomBytes } from "node:crypto";
import { jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { EmulatorConfig } from "./config.ts";
import type { KeyRing } from "./keys.ts";
import type { AuthSession } from "./sessions.ts";
import type { StoredUser } from "./users.store.ts";

/** ID-token claims a caller may request with `claims: { id_token: { <name>: null } }` (Transmit's ID token reference). */
const REQUESTABLE_CLAIMS = {
  username: (user: StoredUser) => user.username,
  phone_number: (user: StoredUser) => user.phone_number,
  phone_number_verified: (user: StoredUser) => (user.phone_number === null ? null : user.phone_number_verified),
  email: (user: StoredUser) => user.email,
} as const;

type RequestableClaim = keyof typeof REQUESTABLE_CLAIMS;

/** The audience of access tokens for Transmit's own APIs. */
const DEFAULT_AUDIENCE = "userid-api";

export type ClaimsRequest = { id_token?: Record<string, unknown> | null } | null | undefined;

/** Signs the tenant's tokens: client access tokens, and user access and ID tokens. */
export class TokenIssuer {
  constructor(
    private readonly config: EmulatorConfig,
    private readonly keys: KeyRing,
  ) {}

  /** A client access token; a requested `resource` becomes its audience. */
  async clientAccessToken(resource?: string) {
    const ttl = this.config.tokens.clientTtlSeconds;
    const access_token = await this.sign(this.accessTokenClaims(), { subject: this.config.clientId, audience: resource ?? DEFAULT_AUDIENCE, ttl });
    return { access_token, token_type: "Bearer", expires_in: ttl, scope: "openid offline_access" };
  }

  /** True only for an unexpired client access token signed by this tenant. */
  async isClientAccessToken(token: string): Promise<boolean> {
    try {
      const { payload } = await jwtVerify(token, this.keys.verifier(), {
        issuer: this.config.issuer,
        audience: DEFAULT_AUDIENCE,
        algorithms: ["RS256"],
      });
      return payload.client_id === this.config.clientId && payload.sub === this.config.clientId;
    } catch {
      return false;
    }
  }

  /** The `ApiTokenResponse` of a successful backend authentication. */
  async userTokens(user: StoredUser, session: AuthSession, claims: ClaimsRequest) {
    const ttl = this.config.tokens.userTtlSeconds;
    const access_token = await this.sign(this.accessTokenClaims(), { subject: user.user_id, audience: DEFAULT_AUDIENCE, ttl });
    const id_token = await this.sign(
      {
        tid: this.config.tenantId,
        auth_time: Math.floor(session.authenticatedAt / 1000),
        amr: [...session.amr],
        ...requestedClaims(user, claims),
      },
      { subject: user.user_id, audience: this.config.clientId, ttl },
    );
    return {
      access_token,
      id_token,
      refresh_token: randomBytes(32).toString("base64url"),
      token_type: "Bearer",
      expires_in: ttl,
      session_id: session.session_id,
    };
  }

  /** Claims of client and user access tokens alike, as in Transmit's token references. */
  private accessTokenClaims(): JWTPayload {
    return {
      tid: this.config.tenantId,
      app_name: this.config.appName,
      app_id: this.config.appId,
      roles: [],
      jti: randomBytes(16).toString("base64url"),
      scope: "openid offline_access",
      client_id: this.config.clientId,
    };
  }

  private sign(payload: JWTPayload, { subject, audience, ttl }: { subject: string; audience: string; ttl: number }) {
    const key = this.keys.current;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: key.kid })
      .setSubject(subject)
      .setAudience(audience)
      .setIssuer(this.config.issuer)
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .sign(key.privateKey);
  }
}

function requestedClaims(user: StoredUser, claims: ClaimsRequest): Record<string, unknown> {
  const requested = Object.keys(claims?.id_token ?? {}).filter((name): name is RequestableClaim => name in REQUESTABLE_CLAIMS);
  const entries = requested.map((name) => [name, REQUESTABLE_CLAIMS[name](user)] as const);
  // A claim the user has no value for is left out, as OIDC providers do.
  return Object.fromEntries(entries.filter(([, value]) => value !== null));
}
