import { Hono, type Context } from "hono";
import { timingSafeEqual } from "node:crypto";
import { transmitError } from "../errors.ts";
import { publicUrl } from "../config.ts";
import type { Tenant } from "../tenant.ts";

/** Client credentials token, JWKS and discovery (docs/emulator.md). */
export function oidcRoutes(tenant: Tenant) {
  const routes = new Hono();
  const { config } = tenant;

  async function token(c: Context) {
    const body = await readTokenRequest(c);
    const basic = parseBasicAuth(c.req.header("authorization"));
    const clientId = basic?.clientId ?? body.client_id;
    const clientSecret = basic?.clientSecret ?? body.client_secret;
    const oauth = config.behaviour.tokenErrors === "oauth";
    if (body.grant_type !== "client_credentials") {
      return transmitError(c, 400, oauth ? { error: "unsupported_grant_type", error_description: "unsupported grant_type requested" } : { message: "Bad request", error_code: 400 });
    }
    if (clientId !== config.clientId || !sameSecret(clientSecret, config.clientSecret)) {
      return transmitError(c, 401, oauth ? { error: "invalid_client", error_description: "client authentication failed" } : { message: "Invalid client credentials", error_code: 401 });
    }
    return c.json(await tenant.tokens.clientAccessToken(body.resource));
  }

  // Transmit's samples use /oidc/token; its OIDC spec puts it under /cis.
  routes.post("/oidc/token", token);
  routes.post("/cis/oidc/token", token);

  routes.get("/cis/oidc/jwks", (c) => c.json(tenant.keys.jwks()));

  routes.get("/cis/oidc/.well-known/openid-configuration", (c) => {
    const base = publicUrl(c, config);
    return c.json({
      issuer: config.issuer,
      authorization_endpoint: `${base}/cis/oidc/auth`,
      token_endpoint: `${base}/cis/oidc/token`,
      userinfo_endpoint: `${base}/cis/oidc/me`,
      jwks_uri: `${base}/cis/oidc/jwks`,
      end_session_endpoint: `${base}/cis/oidc/session/end`,
      revocation_endpoint: `${base}/cis/oidc/token/revocation`,
      grant_types_supported: ["client_credentials", "authorization_code", "refresh_token"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      claims_parameter_supported: true,
    });
  });

  return routes;
}

async function readTokenRequest(c: Context): Promise<Record<string, string | undefined>> {
  const type = c.req.header("content-type") ?? "";
  try {
    const body = type.includes("application/json") ? await c.req.json() : await c.req.parseBody();
    return Object.fromEntries(Object.entries(body ?? {}).map(([key, value]) => [key, typeof value === "string" ? value : undefined]));
  } catch {
    return {};
  }
}

function parseBasicAuth(header: string | undefined): { clientId: string; clientSecret: string } | null {
  if (!header?.startsWith("Basic ")) return null;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
