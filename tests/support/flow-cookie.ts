import { seal, sealKeys, unseal } from "~/flow-seal.server";
import type { Trail } from "~/flow-trail";

/** What the app sealed in a Set-Cookie or cookie value, opened with the app's SESSION_SECRET. */
export async function openFlowCookie(setCookie: string, sessionSecret = sessionSecretOfTheTests()): Promise<{ version: string; snapshot: { value: string; context: Record<string, unknown> }; trail: Trail } | null> {
  const value = decodeURIComponent(setCookie.split(";")[0]?.split("=")[1] ?? "");
  return unseal(value, sealKeys(sessionSecret.split(","))) as never;
}

/** A cookie sealed with the app's secret, as only the server could make it. */
export async function sealedFlowCookie(flow: unknown, name = "mfa_flow"): Promise<string> {
  return `${name}=${seal(flow, Date.now() + 60_000, sealKeys(sessionSecretOfTheTests().split(","))[0] as never)}`;
}

/** SESSION_SECRET as the integration tests' global setup sets it: the first of its secrets seals. */
function sessionSecretOfTheTests(): string {
  const value = process.env.SESSION_SECRET;
  if (!value) throw new Error("SESSION_SECRET is not set");
  return value;
}
