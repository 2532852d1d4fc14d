import { createInspector, type StatelyInspectionEvent } from "@statelyai/inspect";
import { beforeAll, describe, expect, it } from "vitest";
import { flowMachine } from "../../machines/flow.machine";
import type { FlowTrace } from "~/flow-trail";
import { createFlowMirror } from "~/inspector.client";
import { REDACTED } from "~/redact";
import type { InspectedSnapshot } from "../support/fake-transmit-flow";
import { Browser, loadApp, type App } from "./app-client";
import { walkWholeFlow, type Walk } from "./walk";

let app: App;
beforeAll(async () => {
  app = await loadApp();
});

let walk: Walk;
beforeAll(async () => {
  walk = await walkWholeFlow(app);
});

describe("the flow's trace, as /flow.json gives it to the page", () => {
  it("names the step that led to each page, with its Transmit calls by endpoint and status", () => {
    const steps = walk.traces.map(({ step }) => step?.transitions.map(({ from, event, to }) => `${from} ${event} ${to}`));
    expect(steps).toEqual([
      undefined,
      ["signup SIGN_UP creatingUser", "creatingUser done login"],
      ["login LOG_IN authenticatingPassword", "authenticatingPassword done sendingCode", "sendingCode done otp"],
      ["otp SUBMIT_CODE verifyingCode", "verifyingCode done complete"],
      ["complete RESTART loggingOut", "loggingOut done signup"],
    ]);
    const calls = walk.traces.map(({ step }) => step?.calls.map(({ endpoint, status }) => `${endpoint} ${status}`).filter((line) => !line.startsWith("POST /oidc/token")));
    expect(calls).toEqual([
      undefined,
      ["POST /cis/v1/users 201"],
      ["POST /cis/v1/auth/password/authenticate 200", "GET /cis/oidc/jwks 200", "POST /cis/v1/auth/otp/send 200"],
      ["POST /cis/v1/auth/otp/authenticate 200"],
      ["POST /cis/v1/auth/session/logout 204"],
    ]);
    for (const { endpoint, ms } of walk.traces.flatMap(({ step }) => step?.calls ?? [])) {
      expect(endpoint).toMatch(/^(GET|POST) \/[a-z0-9/]+$/);
      expect(ms).toBeGreaterThanOrEqual(0);
    }
  });

  it("holds nothing secret: no password, code, session_id, user_id or phone number", () => {
    const everything = JSON.stringify(walk.traces);
    for (const secret of walk.secrets) expect(everything).not.toContain(secret);
    expect(walk.traces[2]?.context).toMatchObject({ userId: REDACTED, sessionId: REDACTED });
  });

  it("feeds a mirror whose inspector receives the definition, then every transition's event and snapshot", () => {
    const received: StatelyInspectionEvent[] = [];
    const mirror = createFlowMirror(createInspector({ send: (event) => void received.push(event) }));
    for (const trace of walk.traces) mirror.show(trace);
    const shown = received.length;
    mirror.show(walk.traces.at(-1) as FlowTrace);
    expect(received, "a trace shown again adds nothing").toHaveLength(shown);

    const [registered, ...rest] = received;
    expect(registered?.type).toBe("@xstate.actor");
    expect(JSON.parse((registered as { definition: string }).definition)).toMatchObject({ id: flowMachine.id, initial: "signup" });
    const snapshots = rest.filter((event) => event.type === "@xstate.snapshot") as { snapshot: InspectedSnapshot; event: { type: string } }[];
    expect(snapshots.map(({ snapshot }) => snapshot.value)).toEqual(["signup", "creatingUser", "login", "authenticatingPassword", "sendingCode", "otp", "verifyingCode", "complete", "loggingOut", "signup"]);
    // Each transition is its event, then its snapshot.
    expect(rest.map(({ type }) => type)).toEqual(["@xstate.snapshot", ...Array.from({ length: 9 }, () => ["@xstate.event", "@xstate.snapshot"]).flat()]);
    expect(snapshots[2]?.event).toEqual({ type: "xstate.done.actor.0.mfaFlow.creatingUser" });
    expect(snapshots.find(({ snapshot }) => snapshot.value === "complete")?.snapshot.context).toMatchObject({ userId: REDACTED, sessionId: REDACTED, claims: { sub: REDACTED, amr: ["pwd", "sms", "mfa"] } });
    const everything = JSON.stringify(received);
    for (const secret of walk.secrets) expect(everything).not.toContain(secret);
  });

  it("the statechart page highlights the flow's state and lists its events, without any script", async () => {
    const browser = new Browser(app);
    await browser.get("/signup");
    await browser.get("/login");
    const page = (await (await browser.get("/flow")).text()).replaceAll("<!-- -->", "");
    expect(page).toMatch(/<g class="state awaits-user" data-state="login" aria-current="true">/);
    expect(page.match(/aria-current="true"/g)).toHaveLength(1);
    expect(page).toContain("<code>GO_TO_LOGIN</code>: signup → login");
    for (const state of Object.keys(flowMachine.root.states)) expect(page).toContain(`data-state="${state}"`);
  });
});

describe("with FLOW_INSPECTOR off, as by default", () => {
  it("the inspector's script is not served and the page keeps its opener policy", async () => {
    expect((await app(new Request("http://localhost/inspector/flow-inspector.js"))).status).toBe(404);
    expect((await app(new Request("http://localhost/signup"))).headers.get("cross-origin-opener-policy")).toBe("same-origin");
  });
});
