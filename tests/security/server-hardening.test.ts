import { request as httpRequest } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { Browser, loadApp, location, type App } from "../integration/app-client";

let app: App;
beforeAll(async () => {
  app = await loadApp();
});

/** A raw request, for what fetch will not send: odd Host headers, no Content-Length, any method. */
function raw(options: { method: string; path: string; headers?: Record<string, string>; body?: string; chunked?: boolean }) {
  const { port } = new URL(app.origin);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, method: options.method, path: options.path, headers: options.headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("error", reject);
    if (options.chunked) request.write(options.body ?? "");
    request.end(options.chunked ? undefined : options.body);
  });
}

describe("the server refuses what no page of the app sends, with a page of its own", () => {
  it("a form body larger than 16 KB: 413, before anything reads it", async () => {
    const response = await app(new Request("http://localhost/login", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `username=${"x".repeat(20_000)}` }));
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("larger than any of this app's forms");
  });

  it("a form body of unknown length: 411", async () => {
    const response = await raw({ method: "POST", path: "/login", headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" }, body: "username=x", chunked: true });
    expect(response.status).toBe(411);
  });

  it.each(["PUT", "DELETE", "PATCH", "TRACE", "OPTIONS"])("%s: 405, so that logout is POST only", async (method) => {
    const response = await raw({ method, path: "/logout" });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("GET, HEAD, POST");
    expect(response.body).not.toMatch(/at \S+ \(/);
  });

  it("a malformed Host: 400", async () => {
    const response = await raw({ method: "GET", path: "/signup", headers: { host: "[::1" } });
    expect(response.status).toBe(400);
  });

  it("a malformed URL: the server's own page, without a stack trace", async () => {
    const response = await raw({ method: "GET", path: "/%" });
    expect(response.status).toBe(400);
    expect(response.body).toContain("Bad request");
    expect(response.body).not.toMatch(/at \S+ \(/);
    expect(response.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  it("redirects carry no-store and a CSP that runs and frames nothing", async () => {
    const browser = new Browser(app);
    const response = await browser.get("/");
    expect(location(response)).toBe("/signup");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("a page keeps its own CSP, one header only", async () => {
    const response = await app(new Request("http://localhost/signup"));
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("'nonce-");
    expect(csp).not.toContain(",");
  });
});
