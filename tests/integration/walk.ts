import { expect } from "vitest";
import type { FlowTrace } from "~/flow-trail";
import { openFlowCookie } from "../support/flow-cookie";
import { Browser, location, type App } from "./app-client";
import { latestSmsTo, newUser } from "./emulator-api";

/** What a whole flow showed its page's script, and every secret it used or was given. */
export type Walk = { traces: FlowTrace[]; secrets: string[] };

/** Signup, password, code, complete and Restart over HTTP, reading /flow.json on every page as the page's script does. */
export async function walkWholeFlow(app: App): Promise<Walk> {
  const browser = new Browser(app);
  const user = newUser("traced");
  const secrets = [user.password, user.phoneNumber];
  const traces: FlowTrace[] = [];
  const visit = async (path: string) => {
    expect((await browser.get(path)).status).toBe(200);
    traces.push((await (await browser.get("/flow.json")).json()) as FlowTrace);
  };
  await visit("/signup");
  expect(location(await browser.post("/signup", { username: user.username, password: user.password, phoneNumber: user.phoneNumber }))).toBe("/login");
  await visit("/login");
  expect(location(await browser.post("/login", { username: user.username, password: user.password }))).toBe("/otp");
  await visit("/otp");
  const context = (await openFlowCookie(browser.cookie))?.snapshot.context;
  secrets.push(String(context?.sessionId), String(context?.userId));
  const { code } = await latestSmsTo(user.phoneNumber);
  secrets.push(code, browser.cookie.split("=")[1] ?? "");
  expect(location(await browser.post("/otp", { passcode: code }))).toBe("/complete");
  await visit("/complete");
  expect(location(await browser.post("/logout", {}))).toBe("/signup");
  await visit("/signup");
  return { traces, secrets };
}
