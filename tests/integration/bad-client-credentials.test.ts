import { beforeAll, describe, expect, it } from "vitest";
import { Browser, loadApp, location, type App } from "./app-client";

// The app's own credentials are wrong: the person can do nothing about that.
let app: App;
beforeAll(async () => {
  process.env.TRANSMIT_CLIENT_SECRET = "not-the-secret";
  app = await loadApp();
});

describe("when Transmit rejects the app's client credentials", () => {
  it("login says Transmit is unavailable, not that the password is wrong", async () => {
    const browser = new Browser(app);
    await browser.get("/login");
    expect(location(await browser.post("/login", { username: "someone", password: "some-password" }))).toBe("/login");
    const response = await browser.get("/login");
    const html = await response.text();
    expect(html).toContain("Transmit is unavailable right now.");
    expect(html).not.toContain("username or password");
    expect(location(await browser.get("/"))).toBe("/login");
  });
});
