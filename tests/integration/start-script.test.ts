import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function start(env: Record<string, string>) {
  return spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/start.ts"], {
    cwd: root,
    env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("npm start with an incomplete tenant configuration", () => {
  it("stops with one message listing what to set, and no stack trace", () => {
    const result = start({ TRANSMIT_CLIENT_ID: "my-client", TRANSMIT_API_BASE: "https://transmit.example" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Configuration is incomplete");
    expect(result.stderr).toContain("TRANSMIT_CLIENT_SECRET is not set");
    expect(result.stderr).toContain("SESSION_SECRET is not set");
    expect(result.stderr).toContain("TRANSMIT_ISSUER is not set");
    expect(result.stderr).toContain("See .env.example");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
