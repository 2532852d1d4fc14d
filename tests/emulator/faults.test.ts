import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TransmitClient } from "~/transmit/client.server";
import { TransmitUnavailableError } from "~/transmit/errors.server";
import type { EmulatorConfig } from "../../emulator/config.ts";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.ts";
import { clearEmulatorFaults, injectFault, newUser } from "../support/emulator-outbox.ts";
import { rejectionOf } from "../support/rejection.ts";

let emulator: TestEmulator;
let config: EmulatorConfig;

beforeAll(async () => {
  emulator = await startTestEmulator();
  config = emulator.config;
});
afterAll(() => emulator.stop());
afterEach(async () => {
  await clearEmulatorFaults(emulator.url);
});

/** Short enough for the slow faults to outlast, long enough for any call on a busy machine. */
const TIMEOUT_MS = 1_000;
const SLOWER_THAN_TIMEOUT_MS = 2_500;

const client = (timeoutMs = 2_000, retries = 2) =>
  new TransmitClient({ apiBase: emulator.url, clientId: config.clientId, clientSecret: config.clientSecret, timeoutMs, retries, retryDelayMs: 10 });

const added = (before: Record<string, number>, after: Record<string, number>, endpoint: string) => (after[endpoint] ?? 0) - (before[endpoint] ?? 0);

const inject = (fault: Record<string, unknown>) => injectFault(emulator.url, fault);

const counts = async () => (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as Record<string, number>;

describe("faults on demand", () => {
  it.each([
    [{ kind: "error", status: 500 }, "status 500"],
    [{ kind: "error", status: 503 }, "status 503"],
    [{ kind: "rate-limit" }, "status 429"],
    [{ kind: "malformed" }, "the answer is not JSON"],
    [{ kind: "drop" }, "connection failed"],
    [{ kind: "slow", delay_ms: SLOWER_THAN_TIMEOUT_MS }, `no answer within ${TIMEOUT_MS} ms`],
  ])("%j makes the client report Transmit unavailable (%s), and the next call succeeds", async (fault, reason) => {
    const transmit = client(TIMEOUT_MS);
    await transmit.createUser(newUser("fault")); // caches the client token first
    await inject({ endpoint: "POST /cis/v1/users", times: 1, ...fault });
    const error = await rejectionOf(transmit.createUser(newUser("fault")));
    expect(error).toBeInstanceOf(TransmitUnavailableError);
    expect(error).toMatchObject({ reason });
    await expect(transmit.createUser(newUser("fault"))).resolves.toMatchObject({ result: expect.any(Object) });
  });

  it("an expired client token is fetched again once and the call retried", async () => {
    const transmit = client();
    await transmit.createUser(newUser("fault"));
    const before = await counts();
    await inject({ endpoint: "POST /cis/v1/users", kind: "expired-token", times: 1 });
    await expect(transmit.createUser(newUser("fault"))).resolves.toMatchObject({ result: expect.any(Object) });
    const after = await counts();
    expect((after["POST /oidc/token"] ?? 0) - (before["POST /oidc/token"] ?? 0)).toBe(1);
    expect((after["POST /cis/v1/users"] ?? 0) - (before["POST /cis/v1/users"] ?? 0)).toBe(2);
  });

  it("a token that stays rejected is retried only once", async () => {
    const transmit = client();
    await transmit.createUser(newUser("fault"));
    await inject({ endpoint: "POST /cis/v1/users", kind: "expired-token" });
    const before = await counts();
    expect(await rejectionOf(transmit.createUser(newUser("fault")))).toMatchObject({ name: "TransmitUnavailableError", reason: "Transmit rejected the client access token" });
    const after = await counts();
    expect((after["POST /cis/v1/users"] ?? 0) - (before["POST /cis/v1/users"] ?? 0)).toBe(2);
  });

  it.each([
    [{ kind: "error", status: 503 }],
    [{ kind: "drop" }],
    [{ kind: "malformed" }],
  ])("the client token is fetched again with backoff after %j, then the call goes through once", async (fault) => {
    const transmit = client();
    await inject({ endpoint: "POST /oidc/token", times: 2, ...fault });
    const before = await counts();
    await expect(transmit.createUser(newUser("fault"))).resolves.toMatchObject({ result: expect.any(Object) });
    const after = await counts();
    expect(added(before, after, "POST /oidc/token")).toBe(3);
    expect(added(before, after, "POST /cis/v1/users")).toBe(1);
  });

  it("the JWKS is fetched again with backoff, up to the configured retries", async () => {
    const jwksUrl = `${emulator.url}/cis/oidc/jwks`;
    await inject({ endpoint: "GET /cis/oidc/jwks", kind: "error", status: 503, times: 2 });
    const before = await counts();
    const keys = (await (await client().fetchJwks(jwksUrl, {} as never)).json()) as { keys: unknown[] };
    expect(keys.keys.length).toBeGreaterThan(0);
    expect(added(before, await counts(), "GET /cis/oidc/jwks")).toBe(3);

    await inject({ endpoint: "GET /cis/oidc/jwks", kind: "error", status: 503, times: 5 });
    const beforeFailing = await counts();
    expect(await rejectionOf(client(2_000, 1).fetchJwks(jwksUrl, {} as never))).toBeInstanceOf(TransmitUnavailableError);
    expect(added(beforeFailing, await counts(), "GET /cis/oidc/jwks")).toBe(2);
  });

  it.each([
    ["POST /cis/v1/users", { kind: "error", status: 503 }],
    ["POST /cis/v1/users", { kind: "drop" }],
    ["POST /cis/v1/users", { kind: "malformed" }],
    ["POST /cis/v1/users", { kind: "rate-limit" }],
    ["POST /cis/v1/auth/otp/send", { kind: "error", status: 503 }],
    ["POST /cis/v1/auth/otp/send", { kind: "drop" }],
    ["POST /cis/v1/auth/otp/send", { kind: "slow", delay_ms: SLOWER_THAN_TIMEOUT_MS }],
  ])("%s is never retried, after %j", async (endpoint, fault) => {
    const transmit = client(TIMEOUT_MS);
    const user = newUser("fault");
    const { result } = await transmit.createUser(user);
    await inject({ endpoint, times: 1, ...fault });
    const before = await counts();
    const call = endpoint === "POST /cis/v1/users" ? transmit.createUser(newUser("fault")) : transmit.sendSmsCode(result.user_id, 5);
    expect(await rejectionOf(call)).toBeInstanceOf(TransmitUnavailableError);
    expect(added(before, await counts(), endpoint)).toBe(1);
  });

  it("a wrong password is never sent twice", async () => {
    const transmit = client();
    const user = newUser("fault");
    await transmit.createUser(user);
    const before = await counts();
    await rejectionOf(transmit.authenticatePassword({ username: user.username, password: "wrong-password" }));
    const after = await counts();
    expect((after["POST /cis/v1/auth/password/authenticate"] ?? 0) - (before["POST /cis/v1/auth/password/authenticate"] ?? 0)).toBe(1);
  });

  it("lasts for the given number of calls, or until cleared, and matches prefixes", async () => {
    await inject({ endpoint: "GET /cis/oidc/*", kind: "error", status: 503, times: 2 });
    const jwks = () => fetch(`${emulator.url}/cis/oidc/jwks`).then((response) => response.status);
    expect([await jwks(), await jwks(), await jwks()]).toEqual([503, 503, 200]);
    await inject({ endpoint: "*", kind: "error", status: 500 });
    expect([await jwks(), await jwks()]).toEqual([500, 500]);
    expect(await (await fetch(`${emulator.url}/__emulator/faults`)).json()).toHaveLength(1);
    await fetch(`${emulator.url}/__emulator/faults`, { method: "DELETE" });
    expect(await jwks()).toBe(200);
  });

  it.each([
    [{ kind: "error", status: 503 }, "status 503"],
    [{ kind: "malformed" }, "the answer is not JSON"],
    [{ kind: "drop" }, "connection failed"],
  ])("%j after the work: the user is created, only the answer is lost (%s)", async (fault, reason) => {
    const transmit = client(TIMEOUT_MS);
    const user = newUser("fault");
    await transmit.createUser(newUser("fault")); // caches the client token first
    await inject({ endpoint: "POST /cis/v1/users", times: 1, after_work: true, ...fault });
    expect(await rejectionOf(transmit.createUser(user))).toMatchObject({ reason });
    // Created: the same username is now taken.
    expect(await rejectionOf(transmit.createUser(user))).toMatchObject({ status: 409 });
  });

  it("refuses after_work for a fault that refuses the call itself", async () => {
    const response = await fetch(`${emulator.url}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ endpoint: "*", kind: "rate-limit", after_work: true }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("after_work goes with the kinds error, drop, malformed");
  });

  it("refuses a fault it does not know", async () => {
    const response = await fetch(`${emulator.url}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ endpoint: "*", kind: "fire" }) });
    expect(response.status).toBe(400);
  });
});

describe("signing keys and data", () => {
  it("rotation shows old and new keys in the JWKS, and old tokens stay verifiable meanwhile", async () => {
    const before = (await (await fetch(`${emulator.url}/cis/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    const oldToken = (await emulator.tenant.tokens.clientAccessToken()).access_token;
    const rotated = (await (await fetch(`${emulator.url}/__emulator/keys/rotate`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json()) as { kid: string };
    const after = (await (await fetch(`${emulator.url}/cis/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    expect(after.keys.map((key) => key.kid)).toEqual([rotated.kid, before.keys[0]?.kid]);
    expect(await emulator.tenant.tokens.isClientAccessToken(oldToken)).toBe(true);
    const newToken = (await emulator.tenant.tokens.clientAccessToken()).access_token;
    expect(JSON.parse(Buffer.from(newToken.split(".")[0] ?? "", "base64url").toString()).kid).toBe(rotated.kid);
  });

  it("a retired key leaves the JWKS", async () => {
    const retiring = emulator.tenant.keys.current.kid;
    await fetch(`${emulator.url}/__emulator/keys/rotate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ retire_after_seconds: 0 }) });
    const jwks = (await (await fetch(`${emulator.url}/cis/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys[0]?.kid).toBe(emulator.tenant.keys.current.kid);
    expect(jwks.keys.map((key) => key.kid)).not.toContain(retiring);
  });

  it("reset forgets users, messages and counts", async () => {
    const transmit = client();
    const user = newUser("fault");
    await transmit.createUser(user);
    expect((await fetch(`${emulator.url}/__emulator/reset`, { method: "POST" })).status).toBe(204);
    expect(await counts()).toEqual({});
    expect(await rejectionOf(transmit.authenticatePassword(user))).toMatchObject({ status: 401 });
  });
});
