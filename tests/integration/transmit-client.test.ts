import { createServer as createHttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TransmitClient } from "~/transmit/client.server";
import { TransmitError, TransmitUnavailableError } from "~/transmit/errors.server";
import { verifyIdToken } from "~/id-token.server";
import { rejectionOf } from "../support/rejection";
import { emulatorUrl, latestSmsTo, newUser, requestCounts } from "./emulator-api";

const transmit = () =>
  new TransmitClient({
    apiBase: emulatorUrl(),
    clientId: process.env.TRANSMIT_CLIENT_ID as string,
    clientSecret: process.env.TRANSMIT_CLIENT_SECRET as string,
    timeoutMs: 2_000,
    retries: 0,
    retryDelayMs: 0,
  });

async function signedUp() {
  const client = transmit();
  const user = newUser();
  await client.createUser(user);
  return { client, user };
}

describe("Transmit client against the emulator", () => {
  it("creates a user with an E.164 phone number and a permanent password", async () => {
    const client = transmit();
    const user = newUser();
    const created = (await client.createUser(user)) as { result: { user_id: string; username: string; phone_number: { value: string }; password_information: { temporary: boolean } } };
    expect(created.result).toMatchObject({ username: user.username, phone_number: { value: user.phoneNumber }, password_information: { temporary: false } });
    expect(created.result.user_id).toMatch(/^[a-z0-9]{21}$/);
  });

  it("turns a taken username into a 409 TransmitError", async () => {
    const { client, user } = await signedUp();
    const error = await rejectionOf(client.createUser({ ...newUser(), username: user.username }));
    expect(error).toBeInstanceOf(TransmitError);
    expect(error).toMatchObject({ status: 409, code: "identifier_taken", details: ["Username already exists"] });
  });

  it("reads a message array from a 400 for a phone number that is not E.164", async () => {
    const error = await rejectionOf(transmit().createUser({ ...newUser(), phoneNumber: "2015550123" }));
    expect(error).toMatchObject({ status: 400, code: null, details: ["phone_number must be a valid phone number"] });
  });

  it("logs in with the password, and the verified ID token carries the phone number and amr pwd", async () => {
    const { client, user } = await signedUp();
    const tokens = await client.authenticatePassword(user);
    expect(tokens.session_id).toEqual(expect.any(String));
    const claims = await verifyIdToken(tokens.id_token);
    expect(claims).toMatchObject({ phone_number: user.phoneNumber, amr: ["pwd"], aud: process.env.TRANSMIT_CLIENT_ID, iss: process.env.TRANSMIT_ISSUER });
  });

  it("answers a wrong password and an unknown user alike", async () => {
    const { client, user } = await signedUp();
    const wrong = await rejectionOf(client.authenticatePassword({ username: user.username, password: "not-the-password" }));
    const unknown = await rejectionOf(client.authenticatePassword({ username: `${user.username}-nobody`, password: "not-the-password" }));
    expect(wrong).toMatchObject({ status: 401, code: "auth_invalid_credentials" });
    expect(unknown).toMatchObject({ status: 401, code: "auth_invalid_credentials", details: (wrong as TransmitError).details });
  });

  it("sends the SMS code and joins it to the password session: amr pwd, sms, mfa", async () => {
    const { client, user } = await signedUp();
    const password = await client.authenticatePassword(user);
    const userId = (await verifyIdToken(password.id_token)).sub;
    await client.sendSmsCode(userId, 5);
    const sms = await latestSmsTo(user.phoneNumber);
    expect(sms.code).toMatch(/^\d{6}$/);
    expect(sms.text).toContain(sms.code);

    const wrong = await rejectionOf(client.authenticateSmsCode({ userId, sessionId: password.session_id, passcode: sms.code === "000000" ? "111111" : "000000" }));
    expect(wrong).toMatchObject({ status: 400, code: "auth_invalid_credentials" });

    const tokens = await client.authenticateSmsCode({ userId, sessionId: password.session_id, passcode: sms.code });
    expect(tokens.session_id).toBe(password.session_id);
    const claims = await verifyIdToken(tokens.id_token);
    expect(claims.amr).toEqual(["pwd", "sms", "mfa"]);
    expect(claims.sub).toBe(userId);
  });

  it("a code is single-use", async () => {
    const { client, user } = await signedUp();
    const password = await client.authenticatePassword(user);
    const userId = (await verifyIdToken(password.id_token)).sub;
    await client.sendSmsCode(userId, 5);
    const { code } = await latestSmsTo(user.phoneNumber);
    await client.authenticateSmsCode({ userId, sessionId: password.session_id, passcode: code });
    const replay = await rejectionOf(client.authenticateSmsCode({ userId, sessionId: password.session_id, passcode: code }));
    expect(replay).toMatchObject({ status: 400, code: "auth_invalid_credentials" });
  });

  it("logs out the session with a 204, so it can no longer be joined", async () => {
    const { client, user } = await signedUp();
    const password = await client.authenticatePassword(user);
    const userId = (await verifyIdToken(password.id_token)).sub;
    await expect(client.logout(password.session_id)).resolves.toBeUndefined();
    await client.sendSmsCode(userId, 5);
    const { code } = await latestSmsTo(user.phoneNumber);
    const error = await rejectionOf(client.authenticateSmsCode({ userId, sessionId: password.session_id, passcode: code }));
    expect(error).toMatchObject({ status: 400, details: ["Session not found"] });
  });

  it("caches the client access token across calls", async () => {
    const client = transmit();
    const before = (await requestCounts())["POST /oidc/token"] ?? 0;
    await client.createUser(newUser());
    await client.createUser(newUser());
    await client.authenticatePassword({ username: "nobody-at-all", password: "whatever-it-is" }).catch(() => undefined);
    const after = (await requestCounts())["POST /oidc/token"] ?? 0;
    expect(after - before).toBe(1);
  });

  it("reports bad client credentials as the token endpoint's 401", async () => {
    const client = new TransmitClient({ apiBase: emulatorUrl(), clientId: "wrong", clientSecret: "wrong", timeoutMs: 2_000, retries: 0, retryDelayMs: 0 });
    const error = await rejectionOf(client.createUser(newUser()));
    expect(error).toMatchObject({ endpoint: "/oidc/token", status: 401, code: "invalid_client" });
  });

  describe("when Transmit cannot be reached", () => {
    let silent: Server;
    let silentPort = 0;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      // Accepts connections and never answers.
      silent = createServer((socket) => void sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      silentPort = (silent.address() as { port: number }).port;
    });
    afterAll(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it("a 200 whose body is not a JSON object is TransmitUnavailableError", async () => {
      const odd = createHttpServer((request, response) => {
        const body = request.url === "/oidc/token" ? JSON.stringify({ access_token: "t", token_type: "Bearer", expires_in: 3600, scope: "" }) : "null";
        response.writeHead(200, { "content-type": "application/json" }).end(body);
      });
      await new Promise<void>((resolve) => odd.listen(0, "127.0.0.1", resolve));
      const client = new TransmitClient({ apiBase: `http://127.0.0.1:${(odd.address() as { port: number }).port}`, clientId: "x", clientSecret: "y", timeoutMs: 2_000, retries: 0, retryDelayMs: 0 });
      const error = await rejectionOf(client.authenticatePassword({ username: "a", password: "b" }));
      odd.close();
      expect(error).toBeInstanceOf(TransmitUnavailableError);
      expect(error).toMatchObject({ reason: "the answer is not a JSON object" });
    });

    it("a refused connection is TransmitUnavailableError", async () => {
      const client = new TransmitClient({ apiBase: "http://127.0.0.1:9", clientId: "x", clientSecret: "y", timeoutMs: 2_000, retries: 0, retryDelayMs: 0 });
      const error = await rejectionOf(client.sendSmsCode("someone", 5));
      expect(error).toBeInstanceOf(TransmitUnavailableError);
      expect(error).toMatchObject({ reason: "connection failed" });
    });

    it("no answer within the timeout is TransmitUnavailableError", async () => {
      const client = new TransmitClient({ apiBase: `http://127.0.0.1:${silentPort}`, clientId: "x", clientSecret: "y", timeoutMs: 300, retries: 0, retryDelayMs: 0 });
      const error = await rejectionOf(client.sendSmsCode("someone", 5));
      expect(error).toBeInstanceOf(TransmitUnavailableError);
      expect(error).toMatchObject({ reason: "no answer within 300 ms" });
    });
  });
});
