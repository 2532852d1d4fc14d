import { Browser, type App } from "../../tests/support/browser.ts";
import { newUser, requestCounts } from "../../tests/support/emulator-outbox.ts";
import { walkFlow } from "./flow-walk.ts";
import type { Budget } from "./report-types.ts";

/** Each of these once per flow. */
const ONCE = ["POST /cis/v1/users", "POST /cis/v1/auth/password/authenticate", "POST /cis/v1/auth/otp/send", "POST /cis/v1/auth/otp/authenticate", "POST /cis/v1/auth/session/logout"];
/** Cached by the app: at most once, on the first flow after a start; never again while cached. */
const CACHED = ["POST /oidc/token", "GET /cis/oidc/jwks"];

export type FlowCalls = Record<string, number>;
export type CallsResult = { firstFlow: FlowCalls; laterFlow: FlowCalls };

/** The emulator's count of calls by endpoint, for one flow. */
async function callsOfOneFlow(app: App, emulatorUrl: string): Promise<FlowCalls> {
  const before = await requestCounts(emulatorUrl);
  await walkFlow(new Browser(app), emulatorUrl, newUser("bench-calls"));
  const after = await requestCounts(emulatorUrl);
  return Object.fromEntries(Object.entries(after).map(([endpoint, count]) => [endpoint, count - (before[endpoint] ?? 0)] as const).filter(([, count]) => count > 0));
}

/** Calls to Transmit of the first flow after the app started, and of the one after it. Run it first. */
export async function measureTransmitCalls(app: App, emulatorUrl: string): Promise<CallsResult> {
  return { firstFlow: await callsOfOneFlow(app, emulatorUrl), laterFlow: await callsOfOneFlow(app, emulatorUrl) };
}

function withinBudget(calls: FlowCalls, cachedAllowed: number): boolean {
  const others = Object.keys(calls).filter((endpoint) => !ONCE.includes(endpoint) && !CACHED.includes(endpoint));
  return ONCE.every((endpoint) => calls[endpoint] === 1) && CACHED.every((endpoint) => (calls[endpoint] ?? 0) <= cachedAllowed) && others.length === 0;
}

export function transmitCallBudgets({ firstFlow, laterFlow }: CallsResult): Budget[] {
  const total = (calls: FlowCalls) => String(Object.values(calls).reduce((sum, count) => sum + count, 0));
  return [
    { name: "Transmit calls, first flow after start", limit: "1 each of the 5 steps' calls, ≤1 client token, ≤1 JWKS, nothing else", actual: `${total(firstFlow)} calls`, met: withinBudget(firstFlow, 1) },
    { name: "Transmit calls, a later flow", limit: "1 each of the 5 steps' calls, nothing else (token and JWKS cached)", actual: `${total(laterFlow)} calls`, met: withinBudget(laterFlow, 0) },
  ];
}
