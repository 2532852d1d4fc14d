import { beforeAll, describe, expect, it } from "vitest";
import { Browser, loadApp, location, type App } from "../integration/app-client";
import { emulatorUrl, latestSmsTo, newUser, requestCounts } from "../integration/emulator-api";
import { flowPage, walkTo, type FlowPage } from "../support/flow-steps";

/**
 * What people do to a flow besides following it: submit twice, open a second tab, go
 * Back, refresh, type a URL. The cookie is the only state the browser has; whatever
 * order its answers arrive in, the flow must stay consistent.
 */

let app: App;
beforeAll(async () => {
  app = await loadApp();
});

const PAGES = ["/signup", "/login", "/otp", "/complete"] as const;

const added = async (before: Record<string, number>, endpoint: string) => ((await requestCounts())[endpoint] ?? 0) - (before[endpoint] ?? 0);

/** Two requests with the same cookie at once, as a double click sends them; the browser keeps the cookie of the answer that arrives last. */
async function twice(browser: Browser, path: string, form: Record<string, string>): Promise<Response[]> {
  const sent = browser.cookie;
  const responses = await Promise.all([0, 1].map(() => {
    const copy = new Browser(app);
    copy.cookie = sent;
    return copy.post(path, form).then((response) => {
      browser.cookie = copy.cookie;
      return response;
    });
  }));
  return responses;
}

describe("submitted twice", () => {
  it("a double-submitted signup creates one user, and both answers show the success path", async () => {
    const browser = new Browser(app);
    const user = newUser("twice");
    const before = await requestCounts();
    const responses = await twice(browser, "/signup", user);
    expect(responses.map(location)).toEqual(["/login", "/login"]);
    expect(await added(before, "POST /cis/v1/users")).toBe(1);
    expect(await (await browser.get("/login")).text()).toContain("Your account was created.");
    expect(location(await browser.post("/login", { username: user.username, password: user.password }))).toBe("/otp");
  });

  it("two code verifications at once reach Transmit once and both end at complete", async () => {
    const browser = new Browser(app);
    const user = newUser("twice");
    await walkTo("/otp", browser, user, emulatorUrl());
    const { code } = await latestSmsTo(user.phoneNumber);
    const before = await requestCounts();
    const responses = await twice(browser, "/otp", { passcode: code });
    expect(responses.map(location)).toEqual(["/complete", "/complete"]);
    expect(await added(before, "POST /cis/v1/auth/otp/authenticate")).toBe(1);
    expect(await flowPage(browser)).toBe("/complete");
    expect(await (await browser.get("/complete")).text()).toContain('&quot;mfa&quot;');
  });

  it("a used code sent again after the double-click window is refused: no second login from a captured request", async () => {
    const browser = new Browser(app);
    const user = newUser("twice");
    await walkTo("/otp", browser, user, emulatorUrl());
    const { code } = await latestSmsTo(user.phoneNumber);
    const captured = browser.cookie;
    expect(location(await browser.post("/otp", { passcode: code }))).toBe("/complete");
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const replay = new Browser(app);
    replay.cookie = captured;
    expect(location(await replay.post("/otp", { passcode: code }))).toBe("/otp");
    expect(await (await replay.get("/otp")).text()).toContain("That code is not right.");
  });

  it("a double-submitted login ends at the code page, with a code that works", async () => {
    const browser = new Browser(app);
    const user = newUser("twice");
    await walkTo("/login", browser, user, emulatorUrl());
    const responses = await twice(browser, "/login", { username: user.username, password: user.password });
    expect(responses.map(location)).toEqual(["/otp", "/otp"]);
    expect(location(await browser.post("/otp", { passcode: (await latestSmsTo(user.phoneNumber)).code }))).toBe("/complete");
  });

  it("Restart submitted twice ends at signup, with the old cookie dead", async () => {
    const browser = new Browser(app);
    await walkTo("/complete", browser, newUser("twice"), emulatorUrl());
    const old = browser.cookie;
    const responses = await twice(browser, "/logout", {});
    expect(responses.map(location)).toEqual(["/signup", "/signup"]);
    browser.cookie = old;
    expect(await flowPage(browser)).toBe("/signup");
  });
});

describe("different people at once", () => {
  it("each flow's Transmit calls use its own request's secrets: twenty people sign up, log in and enter their codes at the same time", async () => {
    const people = Array.from({ length: 20 }, () => ({ browser: new Browser(app), user: newUser("crowd") }));
    // A password or code read from another person's request would be refused, and its walk fail.
    await Promise.all(people.map(({ browser, user }) => walkTo("/complete", browser, user, emulatorUrl())));
    const pages = await Promise.all(people.map(async ({ browser }) => (await browser.get("/complete")).text()));
    for (const page of pages) expect(page).toContain("&quot;mfa&quot;");
  });
});

describe("navigation", () => {
  /** At each state: every page by URL (a typed URL, Back, a bookmark) and a refresh lead to the state's page, and leave it there. */
  const states: [string, FlowPage][] = [
    ["a new visitor", "/signup"],
    ["after signup", "/login"],
    ["after the password", "/otp"],
    ["after the code", "/complete"],
  ];

  it.each(states)("%s: every page's URL, and Back to it, leads to %s, and the flow stays there", async (_, page) => {
    const browser = new Browser(app);
    await walkTo(page, browser, newUser("nav"), emulatorUrl());
    for (const url of PAGES) {
      const response = await browser.get(url);
      // Signup and login are one link apart, so either opens the other before the password.
      const between = (page === "/signup" || page === "/login") && (url === "/signup" || url === "/login");
      if (between) {
        expect(response.status, url).toBe(200);
        expect(location(await browser.get(page === "/signup" ? "/signup" : "/login"))).toBeNull();
        continue;
      }
      expect(url === page ? response.status : location(response), url).toBe(url === page ? 200 : page);
    }
    expect(await flowPage(browser)).toBe(page);
  });

  it.each(states)("%s: a refresh shows %s again and changes nothing", async (_, page) => {
    const browser = new Browser(app);
    await walkTo(page, browser, newUser("nav"), emulatorUrl());
    const first = await (await browser.get(page)).text();
    const again = await browser.get(page);
    expect(again.status).toBe(200);
    expect(await flowPage(browser)).toBe(page);
    // The same page, apart from its nonce.
    const withoutNonce = (html: string) => html.replace(/nonce="[^"]*"/g, "");
    if (page !== "/otp") expect(withoutNonce(await again.text())).toBe(withoutNonce(first));
  });

  it("a second tab follows the flow: what one tab does, the other's next request sees", async () => {
    const first = new Browser(app);
    const user = newUser("tabs");
    await walkTo("/otp", first, user, emulatorUrl());
    // The second tab shares the cookie, as tabs of one browser do.
    const second = new Browser(app);
    second.cookie = first.cookie;
    expect(location(await second.get("/signup"))).toBe("/otp");
    expect(location(await second.post("/otp", { passcode: (await latestSmsTo(user.phoneNumber)).code }))).toBe("/complete");
    first.cookie = second.cookie;
    // The first tab still shows the code page; what it sends now is answered from where the flow is.
    expect(location(await first.post("/otp", { intent: "resend" }))).toBe("/complete");
    expect(location(await first.post("/login", { username: user.username, password: "whatever-it-is" }))).toBe("/complete");
    expect(await flowPage(first)).toBe("/complete");
  });

  it("a tab showing complete after Restart in another tab starts over when it posts", async () => {
    const first = new Browser(app);
    await walkTo("/complete", first, newUser("tabs"), emulatorUrl());
    const second = new Browser(app);
    second.cookie = first.cookie;
    expect(location(await second.post("/logout", {}))).toBe("/signup");
    first.cookie = second.cookie;
    expect(location(await first.post("/logout", {}))).toBe("/signup");
    expect(location(await first.get("/complete"))).toBe("/signup");
  });

  it("/logout by GET logs nobody out", async () => {
    const browser = new Browser(app);
    await walkTo("/complete", browser, newUser("nav"), emulatorUrl());
    expect(location(await browser.get("/logout"))).toBe("/");
    expect(await flowPage(browser)).toBe("/complete");
  });

  it("without a cookie, every page leads to signup", async () => {
    for (const url of ["/", "/otp", "/complete"]) {
      expect(location(await new Browser(app).get(url)), url).toMatch(/^\/(signup)?$/);
    }
    expect((await new Browser(app).get("/signup")).status).toBe(200);
    expect((await new Browser(app).get("/login")).status).toBe(200);
  });
});
