import { latestSmsTo } from "../../tests/support/emulator-outbox.ts";
import { location, type Browser } from "../../tests/support/browser.ts";
import { submission } from "./html.ts";

/** The steps whose requests the bench times; `complete` is the page that shows the claims. */
export const STEPS = ["signup", "login", "verify", "complete", "restart"] as const;
export type Step = (typeof STEPS)[number];

export type User = { username: string; password: string; phoneNumber: string };

export type WalkObserver = {
  /** Just before a step's request is sent. */
  beforeStep?: (step: Step) => void;
  /** A step's request, from sending it to the last byte of its answer, in milliseconds. */
  onStep?: (step: Step, ms: number) => void;
  /** Every page shown on the way, with its HTML. */
  onPage?: (path: string, html: string) => void;
};

/**
 * One new visitor's whole flow, signup to restart, as a browser without JavaScript walks it:
 * each page's form read from its HTML, filled in and posted, each redirect followed, the code
 * read from the emulator's SMS outbox. Throws at the first answer that is not the flow's.
 */
export async function walkFlow(browser: Browser, emulatorUrl: string, user: User, observer: WalkObserver = {}): Promise<void> {
  const timed = async (step: Step | null, send: () => Promise<Response>) => {
    if (step) observer.beforeStep?.(step);
    const started = performance.now();
    const response = await send();
    const body = await response.text();
    if (step) observer.onStep?.(step, performance.now() - started);
    return { response, body };
  };
  const open = async (path: string, step: Step | null = null) => {
    const { response, body } = await timed(step, () => browser.get(path));
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}, not the page`);
    observer.onPage?.(path, body);
    return body;
  };
  const submit = async (step: Step, page: { path: string; html: string }, button: string, values: Record<string, string>, next: string) => {
    const form = submission(page.html, page.path, button, values);
    const { response } = await timed(step, () => browser.post(form.action, form.fields));
    if (location(response) !== next) throw new Error(`${step}: ${form.action} answered ${response.status} ${location(response) ?? ""}, not a redirect to ${next}`);
  };

  await submit("signup", { path: "/signup", html: await open("/signup") }, "Create user", user, "/login");
  await submit("login", { path: "/login", html: await open("/login") }, "Login", { username: user.username, password: user.password }, "/otp");
  const codePage = await open("/otp");
  const { code } = await latestSmsTo(emulatorUrl, user.phoneNumber);
  await submit("verify", { path: "/otp", html: codePage }, "Login", { passcode: code }, "/complete");
  const complete = await open("/complete", "complete");
  if (!complete.includes("Authentication complete")) throw new Error("The complete page does not say that authentication is complete");
  await submit("restart", { path: "/complete", html: complete }, "Restart", {}, "/signup");
}
