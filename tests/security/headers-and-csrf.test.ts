import { beforeAll, describe, expect, it } from "vitest";
import { Browser, loadApp, location, type App } from "../integration/app-client";
import { newUser, requestCounts } from "../integration/emulator-api";

let app: App;
beforeAll(async () => {
  app = await loadApp();
});

const post = (path: string, headers: Record<string, string>, form: Record<string, string> = {}) =>
  app(new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(form) }));

describe("security headers", () => {
  it("every page enforces a CSP with a fresh nonce per response, which Remix's scripts carry", async () => {
    const nonces = new Set<string>();
    for (const path of ["/signup", "/signup", "/nowhere"]) {
      const response = await app(new Request(`http://localhost${path}`));
      const csp = response.headers.get("content-security-policy") ?? "";
      for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "'strict-dynamic'"]) expect(csp).toContain(directive);
      expect(response.headers.get("content-security-policy-report-only")).toBeNull();
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      nonces.add(nonce);
    }
    expect(nonces.size).toBe(3);
  });

  it("every page and data response forbids sniffing, referrers, openers, framing and caching", async () => {
    for (const path of ["/signup", "/signup?_data=routes%2Fsignup", "/signup?_data=root"]) {
      const headers = (await app(new Request(`http://localhost${path}`))).headers;
      expect(headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(headers.get("referrer-policy"), path).toBe("same-origin");
      expect(headers.get("cross-origin-opener-policy"), path).toBe("same-origin");
      expect(headers.get("cache-control"), path).toBe("no-store");
      expect(headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
  });

  it("no HSTS on plain-http local runs (production has it: tests/security/production.test.ts)", async () => {
    expect((await app(new Request("http://localhost/signup"))).headers.get("strict-transport-security")).toBeNull();
  });
});

describe("cross-site requests", () => {
  it.each([
    ["an Origin of another site", { origin: "https://evil.example" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
    ["an opaque Origin, from a browser without Sec-Fetch-Site", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site, whatever Origin says", { "sec-fetch-site": "cross-site", origin: "http://localhost" }],
  ])("are refused with a clear 403 page: %s", async (_, headers) => {
    const before = await requestCounts();
    for (const path of ["/signup", "/login", "/otp", "/logout"]) {
      const response = await post(path, headers, { ...newUser("csrf"), passcode: "123456" });
      expect(response.status, path).toBe(403);
      const html = await response.text();
      expect(html).toContain("Request refused");
      expect(html).toContain("This request came from another site, so it was refused.");
    }
    expect(await requestCounts()).toEqual(before);
  });

  it("from this site are accepted", async () => {
    const response = await post("/signup", { origin: app.origin, "sec-fetch-site": "same-origin" }, newUser("csrf"));
    expect(location(response)).toBe("/login");
  });

  it("a page of this app may not be framed, and static files are not sniffed either", async () => {
    const favicon = await app(new Request("http://localhost/favicon.svg"));
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get("x-content-type-options")).toBe("nosniff");
    expect(favicon.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("a GET cannot log out", async () => {
    const browser = new Browser(app);
    await browser.get("/login");
    expect(location(await browser.get("/logout"))).toBe("/");
    expect((await browser.get("/login")).status).toBe(200);
  });
});
