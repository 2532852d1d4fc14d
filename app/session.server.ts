import { parse, serialize } from "cookie";
import { config } from "./config.server";
import { seal, sealKeys, unseal, type SealKey } from "./flow-seal.server";

/**
 * The flow's cookie. Each SESSION_SECRET yields a key: the first seals new cookies,
 * all of them open older ones, so secrets rotate without logging anyone out.
 */

// In production the __Host- prefix pins the cookie to this host, over HTTPS, on path /.
const FLOW_COOKIE = config().secureCookies ? "__Host-mfa_flow" : "mfa_flow";

/** Browsers drop a cookie whose name and value are longer than this. */
const MAX_COOKIE_BYTES = 4096;

const keys = sealKeys(config().sessionSecrets) as [SealKey, ...SealKey[]];

/** The flow the request's cookie carries, or null when there is none, or it cannot be opened or has expired. */
export function readFlowCookie(request: Request): unknown {
  const sealed = parse(request.headers.get("Cookie") ?? "")[FLOW_COOKIE];
  return sealed ? unseal(sealed, keys) : null;
}

/** The Set-Cookie header that carries `flow` until `expiresAt` (epoch ms), in the browser and inside the sealed payload alike. */
export function flowCookie(flow: unknown, expiresAt: number): string {
  const sealed = seal(flow, expiresAt, keys[0]);
  if (FLOW_COOKIE.length + sealed.length > MAX_COOKIE_BYTES) throw new Error(`The flow cookie would be ${sealed.length} bytes, more than browsers keep`);
  return serialize(FLOW_COOKIE, sealed, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: config().secureCookies,
    maxAge: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)),
  });
}
