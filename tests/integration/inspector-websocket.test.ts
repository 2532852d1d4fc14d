import { createInspectorServer } from "@statelyai/inspect/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { freePort } from "../support/free-port";
import type { App } from "./app-client";
import type { Walk } from "./walk";

type Inspection = { type: string; name?: string; definition?: string; sessionId: string; snapshot?: { value?: unknown; context?: Record<string, unknown> } };

// With FLOW_INSPECTOR_WS, the server streams its actors to `npm run inspector`'s server, where
// a second client (here the test, in a person's setup the inspector's page) receives them.
let inspectorServer: { stop(): void };
let viewer: WebSocket;
const received: Inspection[] = [];
let app: App;
let walk: Walk;
beforeAll(async () => {
  const port = await freePort();
  inspectorServer = createInspectorServer({ port, autoOpen: false });
  viewer = new WebSocket(`ws://127.0.0.1:${port}`);
  viewer.on("message", (data) => received.push(JSON.parse(String(data)) as Inspection));
  await new Promise((resolve, reject) => viewer.once("open", resolve).once("error", reject));
  // The app reads its configuration when it is first imported: everything that imports it comes after.
  Object.assign(process.env, { FLOW_INSPECTOR_WS: `ws://127.0.0.1:${port}`, FLOW_INSPECTOR: "on" });
  const { loadApp } = await import("./app-client");
  const { walkWholeFlow } = await import("./walk");
  app = await loadApp();
  walk = await walkWholeFlow(app);
  // The inspector hands events on from a timer, and the bridge relays them.
  const deadline = Date.now() + 5_000;
  while (!received.some((inspection) => inspection.snapshot?.value === "loggingOut") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
});

afterAll(() => {
  viewer?.close();
  inspectorServer?.stop();
});

describe("the server's actors in the Stately inspector (FLOW_INSPECTOR_WS)", () => {
  it("arrive with the machine's definition, and snapshots at every state of the flow", () => {
    const flows = received.filter((inspection) => inspection.type === "@xstate.actor" && inspection.name === "mfaFlow");
    expect(flows.length).toBeGreaterThan(4);
    expect(JSON.parse(flows[0]?.definition ?? "{}")).toMatchObject({ id: "mfaFlow", initial: "signup" });
    const flowIds = new Set(flows.map(({ sessionId }) => sessionId));
    const values = new Set(received.filter((inspection) => inspection.type === "@xstate.snapshot" && flowIds.has(inspection.sessionId)).map(({ snapshot }) => snapshot?.value));
    for (const state of ["signup", "creatingUser", "login", "authenticatingPassword", "sendingCode", "otp", "verifyingCode", "complete", "loggingOut"]) expect(values).toContain(state);
  });

  it("carry no password, code, session_id, user_id, phone number or cookie", () => {
    const everything = JSON.stringify(received);
    expect(everything).toContain("[redacted]");
    for (const secret of walk.secrets) expect(everything).not.toContain(secret);
  });
});

describe("with FLOW_INSPECTOR=on", () => {
  it("the inspector's own script is served, apart from Remix's build, and pages may keep their inspector window", async () => {
    const script = await app(new Request("http://localhost/inspector/flow-inspector.js"));
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(await script.text()).toContain("@statelyai.connected");
    expect((await app(new Request("http://localhost/signup"))).headers.get("cross-origin-opener-policy")).toBe("same-origin-allow-popups");
  });
});
