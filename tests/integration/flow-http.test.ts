import { beforeAll, describe, expect, it } from "vitest";
import { Browser, loadApp, location, type App } from "./app-client";
import { flowMachine } from "../../machines/flow.machine";
import { openFlowCookie, sealedFlowCookie } from "../support/flow-cookie";
import { emulatorUrl, latestSmsTo, newUser, requestCounts } from "./emulator-api";
import { walkTo, type User } from "../support/flow-steps";

let app: App;
beforeAll(async () => {
  app = await loadApp();
});


/** The tests' resend cooldown is one second (global setup). */
const pastResendCooldown = () => new Promise((resolve) => setTimeout(resolve, 1_100));

async function signUp(browser: Browser, user: User) {
  return browser.post("/signup", { username: user.username, password: user.password, phoneNumber: user.phoneNumber });
}

const reachCode = (browser: Browser, user: User) => walkTo("/otp", browser, user, emulatorUrl());
const reachComplete = (browser: Browser, user: User) => walkTo("/complete", browser, user, emulatorUrl());

describe("the flow over HTTP", () => {
  it("sends a new visitor from / to signup", async () => {
    const browser = new Browser(app);
    expect(location(await browser.get("/"))).toBe("/signup");
    const page = await browser.get("/signup");
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const text of ["Username", "Password", "Phone number", "Create user"]) expect(html).toContain(text);
  });

  it("walks signup, login, code, complete and restart", async () => {
    const browser = new Browser(app);
    const user = newUser();
    expect(location(await signUp(browser, user))).toBe("/login");
    const login = await (await browser.get("/login")).text();
    expect(login).toContain("Your account was created");
    expect(login).toContain(`value="${user.username}"`);

    expect(location(await browser.post("/login", { username: user.username, password: user.password }))).toBe("/otp");
    const otp = await (await browser.get("/otp")).text();
    expect(otp).toContain(`+1 ••• ••• ${user.phoneNumber.slice(-4)}`);
    expect(otp).toContain("The code is valid for 5 more minutes.");
    expect(otp).not.toContain(user.phoneNumber);
    expect(otp).toContain("SMS code");

    const { code } = await latestSmsTo(user.phoneNumber);
    expect(location(await browser.post("/otp", { passcode: `${code.slice(0, 3)} ${code.slice(3)}` }))).toBe("/complete");
    const complete = await (await browser.get("/complete")).text();
    expect(complete).toContain("Authentication complete");
    expect(complete).toMatch(/&quot;amr&quot;: \[\s*&quot;pwd&quot;,\s*&quot;sms&quot;,\s*&quot;mfa&quot;\s*\]/);

    const before = await requestCounts();
    expect(location(await browser.post("/logout", {}))).toBe("/signup");
    const after = await requestCounts();
    expect((after["POST /cis/v1/auth/session/logout"] ?? 0) - (before["POST /cis/v1/auth/session/logout"] ?? 0)).toBe(1);
    expect(location(await browser.get("/complete"))).toBe("/signup");
  });

  it("keeps the cookie under 2 KB in every state, with errors, at the longest username, its trail full", async () => {
    const browser = new Browser(app);
    const user = { ...newUser(), username: `${"u".repeat(50)}${Date.now()}`.slice(-64) };
    await signUp(browser, { ...user, username: `${user.username.slice(0, -1)}`.padEnd(64, "x") });
    await signUp(browser, { ...user, username: "taken-by-the-first-one" });
    await signUp(browser, { ...user, username: "taken-by-the-first-one" }); // signup, with an error
    await browser.get("/login");
    await browser.post("/login", { username: user.username, password: "wrong-password" }); // login, with an error
    await browser.get("/login");
    await browser.get("/signup");
    await reachCode(browser, user);
    await browser.post("/otp", { passcode: "00000000" }); // otp, with an error
    const { code } = await latestSmsTo(user.phoneNumber);
    expect(location(await browser.post("/otp", { passcode: code }))).toBe("/complete");
    await browser.post("/logout", {});
    const states = await Promise.all(browser.setCookies.map(async (setCookie) => (await openFlowCookie(setCookie))?.snapshot.value));
    expect(new Set(states)).toEqual(new Set(["signup", "login", "otp", "complete"]));
    expect((await openFlowCookie(browser.setCookies.at(-1) ?? ""))?.trail.count).toBeGreaterThan(10);
    for (const setCookie of browser.setCookies) expect(setCookie.length).toBeLessThan(2048);
  });

  it("lets no page or data response be stored", async () => {
    const browser = new Browser(app);
    await reachComplete(browser, newUser());
    for (const response of [await browser.get("/complete"), await browser.get("/complete?_data=routes%2Fcomplete")]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("sets the cookie HttpOnly, SameSite=Lax on path /", async () => {
    const browser = new Browser(app);
    await browser.get("/login");
    expect(browser.setCookies[0]).toMatch(/^mfa_flow=[^;]+; Max-Age=(1499|1500); Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it("seals the cookie: decoding it reveals no password, code, session_id, phone number or claim", async () => {
    const browser = new Browser(app);
    const user = newUser();
    await reachComplete(browser, user);
    const { code } = await latestSmsTo(user.phoneNumber);
    const sealed = await openFlowCookie(browser.setCookies.at(-1) ?? "");
    const { sessionId, userId } = sealed?.snapshot.context as { sessionId: string; userId: string };
    const secrets = [user.password, code, user.phoneNumber, user.phoneNumber.slice(1), sessionId, userId, user.username, "amr", "mfa"];
    for (const setCookie of browser.setCookies) {
      const value = decodeURIComponent(setCookie.split(";")[0]?.split("=")[1] ?? "");
      expect(value.split(".")).toHaveLength(5);
      const decoded = value.split(".").map((part) => Buffer.from(part, "base64url").toString("latin1")).join(" ");
      for (const secret of secrets) expect(decoded).not.toContain(secret);
    }
  });

  it("opens cookies sealed with an older secret, and starts afresh with an unknown one", async () => {
    const browser = new Browser(app);
    const user = newUser();
    await reachCode(browser, user);
    const flow = await openFlowCookie(browser.setCookies.at(-1) ?? "");
    const withSecret = async (secret: string) => {
      const saved = process.env.SESSION_SECRET;
      process.env.SESSION_SECRET = secret;
      try {
        return await sealedFlowCookie(flow);
      } finally {
        process.env.SESSION_SECRET = saved;
      }
    };
    // The app was started with SESSION_SECRET="<current>,<previous>".
    browser.cookie = await withSecret(process.env.PREVIOUS_SESSION_SECRET as string);
    expect((await browser.get("/otp")).status).toBe(200);
    browser.cookie = await withSecret("a-secret-the-app-never-had-0123456789");
    expect(location(await browser.get("/otp"))).toBe("/signup");
  });

  it("redirects every page to the page of the current state", async () => {
    const browser = new Browser(app);
    const user = newUser();
    await reachCode(browser, user);
    for (const path of ["/", "/signup", "/login", "/complete"]) expect(location(await browser.get(path)), path).toBe("/otp");
    expect((await browser.get("/otp")).status).toBe(200);
  });

  it("after the password step, neither the complete page nor its data sends claims", async () => {
    const browser = new Browser(app);
    await reachCode(browser, newUser());
    expect(location(await browser.get("/complete"))).toBe("/otp");
    const data = await browser.get("/complete?_data=routes%2Fcomplete");
    expect(data.headers.get("x-remix-redirect")).toBe("/otp");
    expect(await data.text()).not.toContain("amr");
  });

  it("accepts a 64-character password exactly as typed, and nothing shorter of it", async () => {
    const browser = new Browser(app);
    const user = { ...newUser(), password: `  ${"p".repeat(30)}${"ü".repeat(30)}  ` };
    expect(user.password).toHaveLength(64);
    expect(location(await signUp(browser, user))).toBe("/login");
    expect(location(await browser.post("/login", { username: user.username, password: user.password.trim() }))).toBe("/login");
    expect(location(await browser.post("/login", { username: user.username, password: user.password.slice(0, 63) }))).toBe("/login");
    expect(location(await browser.post("/login", { username: user.username, password: user.password }))).toBe("/otp");
  });

  it("ignores a form posted to a step the flow is not at", async () => {
    const browser = new Browser(app);
    const user = newUser();
    await reachCode(browser, user);
    const before = await requestCounts();
    expect(location(await browser.post("/login", { username: user.username, password: user.password }))).toBe("/otp");
    expect(location(await browser.post("/signup", { username: "x", password: "long-enough", phoneNumber: "+12015550123" }))).toBe("/otp");
    expect(await requestCounts()).toEqual(before);
  });

  it("GET /logout does not log out", async () => {
    const browser = new Browser(app);
    await reachComplete(browser, newUser());
    expect(location(await browser.get("/logout"))).toBe("/");
    expect(location(await browser.get("/"))).toBe("/complete");
  });

  describe("a cookie that cannot be restored starts a fresh flow", () => {
    const cases: Record<string, () => Promise<string>> = {
      "tampered with": async () => {
        const browser = new Browser(app);
        await browser.get("/login");
        const [name, value = ""] = browser.cookie.split("=");
        return `${name}=${value.slice(0, 10)}${value[10] === "A" ? "B" : "A"}${value.slice(11)}`;
      },
      "from an older machine version": () =>
        sealedFlowCookie({ version: "0", snapshot: { status: "active", value: "login", context: {}, children: {} } }),
      "naming an unknown state": () =>
        sealedFlowCookie({ version: flowMachine.version, snapshot: { status: "active", value: "awaitingPassword", context: {}, children: {} } }),
      "in a state that does not wait for the person": () =>
        sealedFlowCookie({ version: flowMachine.version, snapshot: { status: "active", value: "sendingCode", context: {}, children: {} } }),
      "with an in-flight step": () =>
        sealedFlowCookie({ version: flowMachine.version, snapshot: { status: "active", value: "login", context: {}, children: { sendCode: {} } } }),
      "that is not a flow at all": () => sealedFlowCookie("nonsense"),
    };
    for (const [name, makeCookie] of Object.entries(cases)) {
      it(name, async () => {
        const browser = new Browser(app);
        browser.cookie = await makeCookie();
        expect(location(await browser.get("/complete"))).toBe("/signup");
        expect((await browser.get("/signup")).status).toBe(200);
      });
    }
  });

  describe("bad input gets a clear message on the same page, with the other input kept", () => {
    it("an invalid phone number, before Transmit is called", async () => {
      const browser = new Browser(app);
      const user = newUser();
      const before = await requestCounts();
      const response = await browser.post("/signup", { username: user.username, password: user.password, phoneNumber: "12345" });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain("Enter a valid phone number");
      expect(html).toContain(`value="${user.username}"`);
      expect(html).toContain('value="12345"');
      expect(html).not.toContain(user.password);
      expect((await requestCounts())["POST /cis/v1/users"]).toBe(before["POST /cis/v1/users"]);
    });

    it("a national phone number is taken with the default country", async () => {
      const browser = new Browser(app);
      const user = newUser();
      expect(location(await browser.post("/signup", { ...user, phoneNumber: `(201) ${user.phoneNumber.slice(5, 8)}-${user.phoneNumber.slice(8)}` }))).toBe("/login");
    });

    it("a short password", async () => {
      const response = await new Browser(app).post("/signup", { ...newUser(), password: "short" });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Use at least 8 characters.");
    });

    it("a taken username", async () => {
      const user = newUser();
      await signUp(new Browser(app), user);
      const browser = new Browser(app);
      const response = await signUp(browser, { ...newUser(), username: user.username });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain("That username is taken");
      expect(html).toContain(`value="${user.username}"`);
    });

    it("a wrong password, and an unknown user, alike, after a redirect that forgets the password", async () => {
      const user = newUser();
      const browser = new Browser(app);
      await signUp(browser, user);
      expect(location(await browser.post("/login", { username: user.username, password: `${user.password}x` }))).toBe("/login");
      const wrong = await (await browser.get("/login")).text();
      expect(wrong).toContain("The username or password is not right.");
      expect(wrong).toContain(`value="${user.username}"`);
      expect(wrong).not.toContain(user.password);

      const stranger = new Browser(app);
      await stranger.get("/login");
      expect(location(await stranger.post("/login", { username: `${user.username}-nobody`, password: user.password }))).toBe("/login");
      expect(await (await stranger.get("/login")).text()).toContain("The username or password is not right.");
    });

    it("too many wrong passwords lock the account", async () => {
      const user = newUser();
      const browser = new Browser(app);
      await signUp(browser, user);
      for (let attempt = 0; attempt < 5; attempt++) await browser.post("/login", { username: user.username, password: "wrong-password" });
      expect(location(await browser.post("/login", { username: user.username, password: user.password }))).toBe("/login");
      expect(await (await browser.get("/login")).text()).toContain("Too many failed attempts: this account is locked for a while.");
    });

    it("a wrong code", async () => {
      const browser = new Browser(app);
      const user = newUser();
      await reachCode(browser, user);
      const { code } = await latestSmsTo(user.phoneNumber);
      expect(location(await browser.post("/otp", { passcode: code === "123456" ? "654321" : "123456" }))).toBe("/otp");
      expect(await (await browser.get("/otp")).text()).toContain("That code is not right.");
      expect(location(await browser.get("/complete"))).toBe("/otp");
    });

    it("too many wrong codes lock the code", async () => {
      const browser = new Browser(app);
      const user = newUser();
      await reachCode(browser, user);
      const { code } = await latestSmsTo(user.phoneNumber);
      const wrong = code === "123456" ? "654321" : "123456";
      for (let attempt = 0; attempt < 3; attempt++) await browser.post("/otp", { passcode: wrong });
      const locked = await (await browser.get("/otp")).text();
      expect(locked).toContain("Too many wrong codes: this code no longer works.");
      // And what to do if new codes are refused too.
      expect(locked).toContain("Locked out, with new codes refused too?");
      expect(locked).toContain("Wait, then choose Start over and log in again.");
      await browser.post("/otp", { passcode: code });
      expect(location(await browser.get("/complete"))).toBe("/otp");
      await pastResendCooldown();
      await browser.post("/otp", { intent: "resend" });
      const fresh = await latestSmsTo(user.phoneNumber);
      expect(location(await browser.post("/otp", { passcode: fresh.code }))).toBe("/complete");
    });

    it("a code that is not digits, before Transmit is called", async () => {
      const browser = new Browser(app);
      await reachCode(browser, newUser());
      const before = await requestCounts();
      const response = await browser.post("/otp", { passcode: "abc" });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("The code is the digits in the SMS.");
      expect(await requestCounts()).toEqual(before);
    });

    it("a body that is not a form, at every step", async () => {
      const steps: [string, (browser: Browser) => Promise<unknown>][] = [
        ["/signup", async () => undefined],
        ["/login", (browser) => browser.get("/login")],
        ["/otp", (browser) => reachCode(browser, newUser())],
      ];
      for (const [page, reach] of steps) {
        const browser = new Browser(app);
        await reach(browser);
        const response = await app(new Request(`http://localhost${page}`, { method: "POST", headers: { "content-type": "application/json", cookie: browser.cookie }, body: "{}" }));
        expect(response.status, page).toBe(400);
        expect(await response.text()).toContain("The form could not be read.");
      }
    });
  });

  it("a new code can be sent, and only the newest works", async () => {
    const browser = new Browser(app);
    const user = newUser();
    await reachCode(browser, user);
    const first = await latestSmsTo(user.phoneNumber);
    await pastResendCooldown();
    expect(location(await browser.post("/otp", { intent: "resend" }))).toBe("/otp");
    const second = await latestSmsTo(user.phoneNumber);
    expect(second.sent_at >= first.sent_at).toBe(true);
    expect(await (await browser.get("/otp")).text()).toContain("We sent a code by SMS to");
    if (first.code !== second.code) {
      await browser.post("/otp", { passcode: first.code });
      expect(await (await browser.get("/otp")).text()).toContain("That code is not right.");
    }
    expect(location(await browser.post("/otp", { passcode: second.code }))).toBe("/complete");
  });
});
