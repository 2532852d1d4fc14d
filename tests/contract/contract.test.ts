import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TransmitClient } from "~/transmit/client.server";
import type { EmulatorConfig } from "../../emulator/config.ts";
import { ENDPOINTS } from "../../scripts/transmit-specs.ts";
import { newUser } from "../support/emulator-outbox.ts";
import { rejectionOf } from "../support/rejection.ts";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.ts";
import { PROBE_HEADER, startRecorder } from "./recorder.ts";
import { contractViolations, endpointOf, isDocumented, type Exchange } from "./transmit-contract.ts";

let config: EmulatorConfig;
let emulator: TestEmulator;
let recorder: Awaited<ReturnType<typeof startRecorder>>;
let client: TransmitClient;

beforeAll(async () => {
  emulator = await startTestEmulator();
  config = emulator.config;
  recorder = await startRecorder(emulator.url);
  client = new TransmitClient({ apiBase: recorder.url, clientId: config.clientId, clientSecret: config.clientSecret, timeoutMs: 5_000, retries: 2, retryDelayMs: 10 });
});
afterAll(async () => {
  await recorder.close();
  await emulator.stop();
});

/** A request the test makes up itself, through the recorder. */
async function probe(method: string, pathname: string, body?: unknown, bearer = true) {
  const headers: Record<string, string> = { [PROBE_HEADER]: "1", "content-type": "application/json" };
  if (bearer) headers.authorization = `Bearer ${(await emulator.tenant.tokens.clientAccessToken()).access_token}`;
  const response = await fetch(`${recorder.url}${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const codeOf = async (phoneNumber: string) => emulator.tenant.outbox.list().filter((sms) => sms.to === phoneNumber).at(-1)?.code ?? "";

describe("Transmit's contract, in both directions", () => {
  it("every call of a whole flow, and of every error case, matches the published specs", async () => {
    // The happy path, by the app's own client.
    const user = newUser("contract");
    await client.createUser(user);
    const password = await client.authenticatePassword(user);
    const userId = (await probe("GET", `/cis/v1/users/username/${user.username}`)).body.result.user_id as string;
    await client.sendSmsCode(userId, 5);
    await client.authenticateSmsCode({ userId, sessionId: password.session_id, passcode: await codeOf(user.phoneNumber) });
    await client.logout(password.session_id);

    // The errors the app can meet.
    expect(await rejectionOf(client.createUser({ ...newUser("contract"), username: user.username }))).toMatchObject({ status: 409 });
    expect(await probe("POST", "/cis/v1/users", { username: "x", phone_number: "2015550123" })).toMatchObject({ status: 400 });
    expect(await probe("POST", "/cis/v1/users", {})).toMatchObject({ status: 400 });
    expect(await rejectionOf(client.authenticatePassword({ username: user.username, password: "wrong-password" }))).toMatchObject({ status: 401 });
    expect(await rejectionOf(client.authenticatePassword({ username: "no-such-user", password: "wrong-password" }))).toMatchObject({ status: 401 });
    expect(await rejectionOf(client.sendSmsCode("no-such-user", 5))).toMatchObject({ status: 404, code: "user_not_found" });
    const noPhone = (await probe("POST", "/cis/v1/users", { username: `no-phone-${userId}`, email: `${userId}@example.com` })).body.result.user_id as string;
    expect(await rejectionOf(client.sendSmsCode(noPhone, 5))).toMatchObject({ status: 404, code: "user_phone_number_missing" });

    const second = await client.authenticatePassword(user);
    await client.sendSmsCode(userId, 5);
    const wrong = (await codeOf(user.phoneNumber)) === "000000" ? "111111" : "000000";
    const attempt = (passcode: string, sessionId = second.session_id) => rejectionOf(client.authenticateSmsCode({ userId, sessionId, passcode }));
    expect(await attempt(wrong, "no-such-session")).toMatchObject({ status: 400 });
    expect(await attempt(wrong)).toMatchObject({ status: 400, code: "auth_invalid_credentials" });
    expect(await attempt(wrong)).toMatchObject({ status: 400 });
    expect(await attempt(wrong)).toMatchObject({ status: 403, code: "auth_locked" });

    const expiring = newUser("contract");
    await client.createUser(expiring);
    const expiringLogin = await client.authenticatePassword(expiring);
    const expiringId = (await probe("GET", `/cis/v1/users/username/${expiring.username}`)).body.result.user_id as string;
    await client.sendSmsCode(expiringId, 5);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 6 * 60_000);
    const expired = await rejectionOf(client.authenticateSmsCode({ userId: expiringId, sessionId: expiringLogin.session_id, passcode: await codeOf(expiring.phoneNumber) }));
    vi.useRealTimers();
    expect(expired).toMatchObject({ status: 400, code: "auth_otp_passcode_expired" });

    await client.logout("no-such-session");
    expect(await probe("GET", "/cis/v1/users/username/no-such-user")).toMatchObject({ status: 404 });
    expect((await probe("GET", "/cis/oidc/jwks", undefined, false)).status).toBe(200);
    expect((await probe("GET", "/cis/oidc/.well-known/openid-configuration", undefined, false)).status).toBe(200);
    const form = await fetch(`${recorder.url}/cis/oidc/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: config.clientId, client_secret: config.clientSecret }),
    });
    expect(form.status).toBe(200);

    const violations = (await Promise.all(recorder.exchanges.map(contractViolations))).flat();
    expect(violations).toEqual([]);
  });

  it("covered every endpoint the app uses, and the error statuses their specs document", async () => {
    const seen = new Set(recorder.exchanges.map((exchange) => `${endpointOf(exchange.method, exchange.path)} ${exchange.status}`));
    for (const endpoint of Object.keys(ENDPOINTS)) expect([...seen].some((entry) => entry.startsWith(`${endpoint} `)), endpoint).toBe(true);
    for (const checked of [
      "POST /cis/v1/users 201",
      "POST /cis/v1/users 400",
      "POST /cis/v1/users 409",
      "POST /cis/v1/auth/otp/send 404",
      "POST /cis/v1/auth/otp/authenticate 400",
      "POST /cis/v1/auth/otp/authenticate 403",
      "GET /cis/v1/users/username/{username} 404",
    ]) {
      expect(seen, checked).toContain(checked);
    }
    // Most calls answer a status the spec documents, so their bodies were checked.
    const documented = await Promise.all(recorder.exchanges.map(isDocumented));
    expect(documented.filter(Boolean).length).toBeGreaterThan(recorder.exchanges.length / 2);
  });

  it("catches a response that breaks the contract", async () => {
    const broken: Exchange = {
      method: "POST",
      path: "/cis/v1/auth/otp/authenticate",
      headers: {},
      requestBody: undefined,
      status: 400,
      responseBody: { error_code: "wrong_code", message: "Invalid passcode" },
      probe: true,
    };
    expect(await contractViolations(broken)).toEqual([expect.stringContaining("must be equal to one of the allowed values")]);
    expect(await contractViolations({ ...broken, path: "/cis/v1/users", status: 201, responseBody: { user: {} } })).toEqual([expect.stringContaining("must have required property 'result'")]);
    // The oneOf leniency for the token specs still catches a response that matches no variant.
    const tokenWithoutAccessToken = { ...broken, path: "/cis/oidc/token", status: 200, responseBody: { token_type: "Bearer", expires_in: 3600 } };
    expect((await contractViolations(tokenWithoutAccessToken)).length).toBeGreaterThan(0);
  });

  it("catches a client request with a property the spec does not name, or an undocumented answer", async () => {
    const request: Exchange = {
      method: "POST",
      path: "/cis/v1/auth/otp/send",
      headers: { "content-type": "application/json" },
      requestBody: { channel: "sms", identifier_type: "user_id", identifier: "x", session_id: "s" },
      status: 200,
      responseBody: { message: "OTP sent" },
      probe: false,
    };
    expect(await contractViolations(request)).toEqual([expect.stringContaining("a property the spec does not name: session_id")]);
    const logout: Exchange = { ...request, path: "/cis/v1/auth/session/logout", requestBody: { session_id: "s" }, status: 200, responseBody: { ok: true } };
    expect(await contractViolations(logout)).toEqual([expect.stringContaining("response status 200 is not in the spec")]);
  });

  it("catches a request that breaks the contract", async () => {
    const request: Exchange = {
      method: "POST",
      path: "/cis/v1/auth/otp/send",
      headers: { "content-type": "application/json" },
      requestBody: { channel: "carrier-pigeon", identifier: "x" },
      status: 200,
      responseBody: { message: "OTP sent" },
      probe: false,
    };
    expect(await contractViolations(request)).toEqual([expect.stringContaining("must have required property 'identifier_type'")]);
    const pigeon = { ...request, requestBody: { channel: "carrier-pigeon", identifier_type: "user_id", identifier: "x" } };
    expect(await contractViolations(pigeon)).toEqual([expect.stringContaining("/requestBody/channel must be equal to one of the allowed values")]);
  });
});
