import { afterEach, describe, expect, it } from "vitest";
import { emulatorConfigFromEnv } from "../../emulator/config.ts";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.ts";

/** Each undocumented behaviour of Transmit has a default and a switch (docs/emulator.md). */
const running: TestEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

async function emulatorWith(settings: Record<string, string> = {}) {
  const emulator = await startTestEmulator(settings);
  const { config } = emulator;
  running.push(emulator);
  const bearer = `Bearer ${(await emulator.tenant.tokens.clientAccessToken()).access_token}`;
  const call = async (method: string, pathname: string, body?: unknown, authorization: string | null = bearer) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (authorization) headers.authorization = authorization;
    const response = await fetch(`${emulator.url}${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const user = async () => {
    const created = await call("POST", "/cis/v1/users", { username: `u${Date.now()}`, phone_number: "+12015550123", credentials: { password: "switch-pass", force_replace: false } });
    return created.body.result.user_id as string;
  };
  const send = async (userId: string) => (await call("POST", "/cis/v1/auth/otp/send", { channel: "direct", identifier_type: "user_id", identifier: userId })).body?.code as string;
  const authenticate = (userId: string, passcode: string) => call("POST", "/cis/v1/auth/otp/authenticate", { passcode, identifier_type: "user_id", identifier: userId });
  return { emulator, config, call, user, send, authenticate };
}

describe("the emulator's switches", () => {
  it("EMULATOR_TOKEN_ERRORS: OAuth's invalid_client, or Transmit's own body", async () => {
    const wrong = { grant_type: "client_credentials", client_id: "nobody", client_secret: "nothing" };
    expect((await (await emulatorWith()).call("POST", "/oidc/token", wrong, null)).body).toEqual({ error: "invalid_client", error_description: "client authentication failed" });
    expect((await (await emulatorWith({ EMULATOR_TOKEN_ERRORS: "transmit" })).call("POST", "/oidc/token", wrong, null)).body).toEqual({ message: "Invalid client credentials", error_code: 401 });
  });

  it("EMULATOR_INVALID_TOKEN_BODY: numeric or string error_code", async () => {
    expect((await (await emulatorWith()).call("POST", "/cis/v1/users", {}, null)).body).toEqual({ message: "Invalid token", error_code: 401 });
    expect((await (await emulatorWith({ EMULATOR_INVALID_TOKEN_BODY: "string" })).call("POST", "/cis/v1/users", {}, "Bearer nope")).body).toEqual({
      error_code: "unauthorized_request",
      message: "Unauthorized request: JWT access token is missing or invalid",
    });
  });

  it("EMULATOR_LOGOUT_UNKNOWN_SESSION: 204 or 404", async () => {
    expect((await (await emulatorWith()).call("POST", "/cis/v1/auth/session/logout", { session_id: "gone" })).status).toBe(204);
    expect(await (await emulatorWith({ EMULATOR_LOGOUT_UNKNOWN_SESSION: "404" })).call("POST", "/cis/v1/auth/session/logout", { session_id: "gone" })).toEqual({
      status: 404,
      body: { error_code: "auth_session_not_found", message: "Session not found" },
    });
  });

  it("EMULATOR_UNKNOWN_SESSION_CODE: the spec's system_invalid_input, or auth_session_not_found", async () => {
    const withSession = async (settings: Record<string, string>) => {
      const tenant = await emulatorWith(settings);
      const userId = await tenant.user();
      const code = await tenant.send(userId);
      return (await tenant.call("POST", "/cis/v1/auth/otp/authenticate", { passcode: code, identifier_type: "user_id", identifier: userId, session_id: "gone" })).body;
    };
    expect(await withSession({})).toEqual({ error_code: "system_invalid_input", message: "Session not found" });
    expect(await withSession({ EMULATOR_UNKNOWN_SESSION_CODE: "auth_session_not_found" })).toEqual({ error_code: "auth_session_not_found", message: "Session not found" });
  });

  it("EMULATOR_OTP_SEND_WHILE_LOCKED: a new code that works and lifts the lock, or a refusal", async () => {
    const lockThenSend = async (settings: Record<string, string>) => {
      const tenant = await emulatorWith({ EMULATOR_OTP_MAX_FAILURES: "1", ...settings });
      const userId = await tenant.user();
      const code = await tenant.send(userId);
      expect((await tenant.authenticate(userId, code === "000000" ? "111111" : "000000")).status).toBe(403);
      const resend = await tenant.call("POST", "/cis/v1/auth/otp/send", { channel: "direct", identifier_type: "user_id", identifier: userId });
      return { send: resend.status, authenticate: resend.body?.code ? (await tenant.authenticate(userId, resend.body.code)).status : null };
    };
    expect(await lockThenSend({})).toEqual({ send: 200, authenticate: 200 });
    expect(await lockThenSend({ EMULATOR_OTP_SEND_WHILE_LOCKED: "refuse" })).toEqual({ send: 403, authenticate: null });
  });

  it("EMULATOR_PREVIOUS_CODES: a superseded code is invalid, or still valid", async () => {
    const useFirstOfTwo = async (settings: Record<string, string>) => {
      const tenant = await emulatorWith(settings);
      const userId = await tenant.user();
      let first = await tenant.send(userId);
      let second = await tenant.send(userId);
      while (first === second) [first, second] = [second, await tenant.send(userId)];
      return (await tenant.authenticate(userId, first)).status;
    };
    expect(await useFirstOfTwo({})).toBe(400);
    expect(await useFirstOfTwo({ EMULATOR_PREVIOUS_CODES: "valid" })).toBe(200);
  });

  it("EMULATOR_PASSWORD_FAILURE_BODY: a string or a numeric error_code for a wrong password", async () => {
    const wrongPassword = async (settings: Record<string, string>) => {
      const tenant = await emulatorWith(settings);
      await tenant.user();
      return (await tenant.call("POST", "/cis/v1/auth/password/authenticate", { username: "nobody", password: "wrong-password" })).body;
    };
    expect(await wrongPassword({})).toEqual({ error_code: "auth_invalid_credentials", message: "Invalid credentials" });
    expect(await wrongPassword({ EMULATOR_PASSWORD_FAILURE_BODY: "numeric" })).toEqual({ message: "Invalid credentials", error_code: 401 });
  });

  it("policies: code length, token lifetimes and password length can be set", async () => {
    const tenant = await emulatorWith({ EMULATOR_OTP_CODE_LENGTH: "8", EMULATOR_CLIENT_TOKEN_TTL_SECONDS: "60", EMULATOR_PASSWORD_MIN_LENGTH: "12" });
    const token = await tenant.call("POST", "/oidc/token", { grant_type: "client_credentials", client_id: tenant.config.clientId, client_secret: tenant.config.clientSecret }, null);
    expect(token.body.expires_in).toBe(60);
    const created = await tenant.call("POST", "/cis/v1/users", { username: "long-enough", phone_number: "+12015550123", credentials: { password: "twelve-chars" } });
    expect(await tenant.send(created.body.result.user_id)).toMatch(/^\d{8}$/);
    expect((await tenant.call("POST", "/cis/v1/users", { username: "short", phone_number: "+12015550123", credentials: { password: "eleven-char" } })).body).toEqual({
      message: ["password must be at least 12 characters long"],
      error_code: 400,
    });
  });

  it("a setting out of range stops the emulator with a message naming it", () => {
    expect(() => emulatorConfigFromEnv({ EMULATOR_OTP_CODE_LENGTH: "12" })).toThrow(/EMULATOR_OTP_CODE_LENGTH/);
    expect(() => emulatorConfigFromEnv({ EMULATOR_LOGOUT_UNKNOWN_SESSION: "500" })).toThrow(/EMULATOR_LOGOUT_UNKNOWN_SESSION/);
    expect(() => emulatorConfigFromEnv({ EMULATOR_PORT: "99999" })).toThrow(/EMULATOR_PORT/);
  });
});
