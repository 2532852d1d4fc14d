import { beforeAll, describe, expect, it } from "vitest";
import { Browser, loadApp, location, type App } from "./app-client";
import { newUser } from "./emulator-api";

// Nothing listens on port 9 (discard): every call to Transmit is refused.
let app: App;
beforeAll(async () => {
  process.env.TRANSMIT_API_BASE = "http://127.0.0.1:9";
  app = await loadApp();
});

describe("when Transmit is unreachable", () => {
  it("signup shows a clear message on the same page and keeps the input", async () => {
    const browser = new Browser(app);
    const user = newUser();
    const response = await browser.post("/signup", user);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Transmit is unavailable right now. Please try again in a moment.");
    expect(html).toContain(`value="${user.username}"`);
    expect(html).not.toContain(user.password);
    expect(location(await browser.get("/"))).toBe("/signup");
  });

  it("login shows the same message and the flow stays at login", async () => {
    const browser = new Browser(app);
    await browser.get("/login");
    expect(location(await browser.post("/login", { username: "someone", password: "some-password" }))).toBe("/login");
    const response = await browser.get("/login");
    expect(await response.text()).toContain("Transmit is unavailable right now.");
    expect(location(await browser.get("/"))).toBe("/login");
  });
});
