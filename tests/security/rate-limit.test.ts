import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../integration/app-client";
import { newUser, requestCounts } from "../integration/emulator-api";

// Three form posts a minute per client; the app is imported once the environment says so.
let app: App;
beforeAll(async () => {
  process.env.RATE_LIMIT_POSTS_PER_MINUTE = "3";
  app = await (await import("../integration/app-client")).loadApp();
});

const post = (path: string, form: Record<string, string>) =>
  app(new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) }));

describe("the per-client limit on form posts", () => {
  it("answers the post over the limit with a 429 page and Retry-After, without calling Transmit", async () => {
    for (let attempt = 0; attempt < 3; attempt++) expect((await post("/signup", { username: "" })).status).toBe(400);
    const before = await requestCounts();
    const limited = await post("/signup", newUser("limited"));
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const html = await limited.text();
    expect(html).toContain("Too many requests");
    expect(html).toContain(`Please wait ${retryAfter} seconds`);
    expect(await requestCounts()).toEqual(before);
  });

  it("leaves pages alone", async () => {
    expect((await app(new Request("http://localhost/signup"))).status).toBe(200);
  });
});
