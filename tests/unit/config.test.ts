import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "~/config.server";

const tenant = { TRANSMIT_CLIENT_ID: "client", TRANSMIT_CLIENT_SECRET: "secret", SESSION_SECRET: "a-session-secret-of-32-characters!" };

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration", () => {
  it("defaults to Transmit's US cluster and its issuer", () => {
    expect(parseConfig(tenant).transmit).toMatchObject({ apiBase: "https://api.transmitsecurity.io", issuer: "https://userid.security", timeoutMs: 5000 });
  });

  it("retries the token and the JWKS twice from 200 ms by default, and gives a step the time its calls may take", () => {
    expect(parseConfig(tenant).transmit).toMatchObject({ retries: 2, retryDelayMs: 200, stepTimeoutMs: 10 * 3 * 5200 });
    expect(parseConfig({ ...tenant, TRANSMIT_RETRIES: "0", TRANSMIT_RETRY_DELAY_MS: "0", TRANSMIT_TIMEOUT_MS: "1000" }).transmit.stepTimeoutMs).toBe(10_000);
  });

  it.each([["TRANSMIT_RETRIES", "6"], ["TRANSMIT_RETRIES", "-1"], ["TRANSMIT_RETRIES", "two"], ["TRANSMIT_RETRY_DELAY_MS", "-5"]])("refuses %s=%s", (name, value) => {
    expect(problems({ ...tenant, [name]: value })).toEqual([expect.stringContaining(name)]);
  });

  it.each([
    ["https://api.eu.transmitsecurity.io", "https://eu.userid.security"],
    ["https://api.ca.transmitsecurity.io/", "https://ca.userid.security"],
    ["https://api.transmitsecurity.io/cis", "https://userid.security"],
  ])("derives the issuer of %s", (base, issuer) => {
    const config = parseConfig({ ...tenant, TRANSMIT_API_BASE: base });
    expect(config.transmit.issuer).toBe(issuer);
    expect(config.transmit.apiBase).toBe(base.replace(/\/(cis)?\/?$/, ""));
  });

  it("accepts the variable names of Transmit's sample repo", () => {
    const config = parseConfig({ VITE_TS_CLIENT_ID: "sample-client", TS_CLIENT_SECRET: "sample-secret", VITE_TS_API_BASE: "https://api.eu.transmitsecurity.io", SESSION_SECRET: tenant.SESSION_SECRET });
    expect(config.transmit).toMatchObject({ clientId: "sample-client", clientSecret: "sample-secret", issuer: "https://eu.userid.security" });
  });

  it("lists everything missing at once, in words", () => {
    expect(problems({})).toEqual([
      expect.stringContaining("TRANSMIT_CLIENT_ID is not set"),
      expect.stringContaining("TRANSMIT_CLIENT_SECRET is not set"),
      expect.stringContaining("SESSION_SECRET is not set"),
    ]);
  });

  it("rejects an unknown cluster without an issuer, a bad URL, a bad timeout and a bad country", () => {
    expect(problems({ ...tenant, TRANSMIT_API_BASE: "https://transmit.example" })).toEqual([expect.stringContaining("TRANSMIT_ISSUER is not set")]);
    expect(parseConfig({ ...tenant, TRANSMIT_API_BASE: "https://transmit.example", TRANSMIT_ISSUER: "https://issuer.example" }).transmit.issuer).toBe("https://issuer.example");
    expect(problems({ ...tenant, TRANSMIT_API_BASE: "ftp://x" })).toEqual([expect.stringContaining("TRANSMIT_API_BASE must be an http(s) URL")]);
    expect(problems({ ...tenant, TRANSMIT_TIMEOUT_MS: "soon" })).toEqual([expect.stringContaining("TRANSMIT_TIMEOUT_MS")]);
    expect(problems({ ...tenant, DEFAULT_PHONE_COUNTRY: "USA" })).toEqual([expect.stringContaining("DEFAULT_PHONE_COUNTRY")]);
    expect(problems({ ...tenant, DEFAULT_PHONE_COUNTRY: "XX" })).toEqual([expect.stringContaining("DEFAULT_PHONE_COUNTRY")]);
    expect(problems({ ...tenant, PORT: "abc" })).toEqual([expect.stringContaining("PORT must be a port number")]);
    expect(problems({ ...tenant, LOG_LEVEL: "loud" })).toEqual([expect.stringContaining("LOG_LEVEL must be one of")]);
    expect(problems({ ...tenant, LOG_FORMAT: "fancy" })).toEqual([expect.stringContaining("LOG_FORMAT must be json or pretty")]);
    expect(problems({ ...tenant, FLOW_INSPECTOR: "yes" })).toEqual([expect.stringContaining("FLOW_INSPECTOR must be on or off")]);
    expect(problems({ ...tenant, FLOW_INSPECTOR_WS: "http://localhost:8080" })).toEqual([expect.stringContaining("FLOW_INSPECTOR_WS must be a ws://")]);
  });

  it("requires a SESSION_SECRET of 32 characters or more on a tenant, whatever NODE_ENV says", () => {
    expect(problems({ ...tenant, SESSION_SECRET: "short" })).toEqual([expect.stringContaining("SESSION_SECRET must be at least 32 characters")]);
    expect(problems({ ...tenant, SESSION_SECRET: `${"x".repeat(32)},short` })).toHaveLength(1);
    expect(problems({ ...tenant, SESSION_SECRET: "x".repeat(32) })).toEqual([]);
    expect(problems({ ...tenant, SESSION_SECRET: "short", EMULATOR_URL: "http://localhost:4010" })).toEqual([]);
  });

  it("limits by default as the README says: 10 posts a minute, 30 s between codes", () => {
    expect(parseConfig(tenant).limits).toEqual({ postsPerMinute: 10, resendCooldownSeconds: 30 });
  });

  it("splits a comma-separated SESSION_SECRET for rotation", () => {
    const [current, previous] = ["n".repeat(32), "o".repeat(32)];
    expect(parseConfig({ ...tenant, SESSION_SECRET: `${current}, ${previous}` }).sessionSecrets).toEqual([current, previous]);
  });

  it("uses Secure cookies everywhere but on the local emulator", () => {
    expect(parseConfig(tenant).secureCookies).toBe(true);
    expect(parseConfig({ ...tenant, NODE_ENV: "development" }).secureCookies).toBe(true);
    expect(parseConfig({ ...tenant, EMULATOR_URL: "http://localhost:4010" }).secureCookies).toBe(false);
  });

  it("keeps the inspector off and the logs JSON unless told otherwise", () => {
    expect(parseConfig(tenant)).toMatchObject({ flowInspector: false, inspectorWebSocket: null, logFormat: "json" });
    expect(parseConfig({ ...tenant, FLOW_INSPECTOR: "on", FLOW_INSPECTOR_WS: "ws://localhost:8080", LOG_FORMAT: "pretty" })).toMatchObject({
      flowInspector: true,
      inspectorWebSocket: "ws://localhost:8080",
      logFormat: "pretty",
    });
  });
});
