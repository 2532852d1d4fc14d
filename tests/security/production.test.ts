import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../integration/app-client";

// As deployed: production, on a tenant (here still the emulator, reached as if it were one).
// The app is imported only once the environment says so, since its configuration is read then.
let app: App;
let location: (response: Response) => string | null;
beforeAll(async () => {
  process.env.NODE_ENV = "production";
  delete process.env.EMULATOR_URL;
  const client = await import("../integration/app-client");
  app = await client.loadApp();
  location = client.location;
});

describe("in production", () => {
  it("the cookie is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, on path / and no domain", async () => {
    const response = await app(new Request("https://app.example/login"));
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^__Host-mfa_flow=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(setCookie).not.toContain("Domain");
  });

  it("responses carry HSTS for a year, with subdomains", async () => {
    const response = await app(new Request("https://app.example/signup"));
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("the prefixed cookie carries the flow on", async () => {
    const first = await app(new Request("https://app.example/login"));
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(location(await app(new Request("https://app.example/", { headers: { cookie } })))).toBe("/login");
  });
});
