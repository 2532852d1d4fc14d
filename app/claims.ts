import type { JsonValue } from "../machines/flow.machine";

/** One line on each claim a Transmit ID token carries (Transmit's ID token reference). */
export const CLAIM_EXPLANATIONS: Record<string, string> = {
  sub: "The user's ID at Transmit (user_id).",
  iss: "Who issued the token: the Transmit cluster.",
  aud: "Who the token is for: this app's client ID.",
  amr: "How the user authenticated; mfa means two different factors.",
  auth_time: "When the user authenticated.",
  iat: "When the token was issued.",
  exp: "When the token expires; the session here ends then at the latest.",
  tid: "The Transmit tenant.",
  acr: "The authentication context class met.",
  at_hash: "A hash that binds the access token to this ID token.",
};

const TIMES = new Set(["auth_time", "iat", "exp", "nbf"]);

/** A claim's value as a person reads it: seconds since 1970 as a UTC date, lists and objects as JSON. */
export function displayClaim(name: string, value: JsonValue): string {
  if (TIMES.has(name) && typeof value === "number") return new Date(value * 1000).toISOString().replace(".000Z", "Z");
  return typeof value === "string" ? value : JSON.stringify(value);
}
