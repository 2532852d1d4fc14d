import { describe, expect, it } from "vitest";
import { flowMachine } from "../../machines/flow.machine";
import { consoleStep } from "~/flow-console";
import { extendTrail, flowTrace, newTrail, readTrail, shortEvent, STEP_CALLS, TRAIL_TRANSITIONS, trailTransitions } from "~/flow-trail";
import { USERNAME_MAX } from "~/forms";
import { REDACTED } from "~/redact";
import { flowCookie } from "~/session.server";
import { flowWithFakeTransmit, runEvents } from "../support/fake-transmit-flow";

const call = (endpoint: string, status: number | null = 200, ms = 12) => ({ endpoint, status, ms });

describe("the flow's trail", () => {
  it("keeps the transitions as a path of states and short events, and the last step's calls", () => {
    const trail = extendTrail(
      extendTrail(newTrail("signup"), [{ event: "SIGN_UP", to: "creatingUser" }, { event: "xstate.done.actor.0.mfaFlow.creatingUser", to: "login" }], [call("POST /cis/v1/users", 201)]),
      [{ event: "LOG_IN", to: "authenticatingPassword" }, { event: "xstate.error.actor.0.mfaFlow.authenticatingPassword", to: "login" }],
      [call("POST /cis/v1/auth/password/authenticate", 401)],
    );
    expect(trail.path).toEqual(["signup", "SIGN_UP", "creatingUser", "done", "login", "LOG_IN", "authenticatingPassword", "error", "login"]);
    expect(trail.count).toBe(4);
    expect(trailTransitions(trail).at(-1)).toEqual({ from: "authenticatingPassword", event: "error", to: "login" });
    const { step } = flowTrace({ state: "login", context: {}, trail });
    expect(step).toEqual({
      transitions: [
        { from: "login", event: "LOG_IN", to: "authenticatingPassword" },
        { from: "authenticatingPassword", event: "error", to: "login" },
      ],
      calls: [call("POST /cis/v1/auth/password/authenticate", 401)],
    });
  });

  it("drops the oldest transitions and calls beyond its limits, and counts them all", () => {
    let trail = newTrail("otp");
    for (let step = 0; step < TRAIL_TRANSITIONS; step++) {
      const calls = Array.from({ length: STEP_CALLS + 2 }, (_, index) => call(`POST /call-${index}`));
      trail = extendTrail(trail, [{ event: "RESEND_CODE", to: "sendingCode" }, { event: "xstate.done.actor.0.mfaFlow.sendingCode", to: "otp" }], calls);
    }
    expect(trailTransitions(trail)).toHaveLength(TRAIL_TRANSITIONS);
    expect(trail.path[0]).toBe("otp");
    expect(trail.count).toBe(2 * TRAIL_TRANSITIONS);
    expect(trail.step?.calls.map(([endpoint]) => endpoint)).toEqual(Array.from({ length: STEP_CALLS }, (_, index) => `POST /call-${index + 2}`));
  });

  it("reads only a well-formed trail that ends where the flow is", () => {
    const trail = extendTrail(newTrail("signup"), [{ event: "GO_TO_LOGIN", to: "login" }], []);
    expect(readTrail(JSON.parse(JSON.stringify(trail)), "login")).toEqual(trail);
    expect(readTrail(trail, "otp")).toBeNull();
    expect(readTrail({ ...trail, path: ["signup", "GO_TO_LOGIN"] }, "login")).toBeNull();
    expect(readTrail(undefined, "login")).toBeNull();
  });

  it("names a machine's own done and error events for what they are", () => {
    expect(shortEvent("xstate.done.actor.0.mfaFlow.sendingCode")).toBe("done");
    expect(shortEvent("xstate.error.actor.0.mfaFlow.verifyingCode")).toBe("error");
    expect(shortEvent("SUBMIT_CODE")).toBe("SUBMIT_CODE");
  });

  it("shows the browser the context redacted", () => {
    const trace = flowTrace({ state: "otp", context: { username: "alice", userId: "u-1", sessionId: "s-1", phoneHint: "+1 ••• ••• 0123" }, trail: newTrail("otp") });
    expect(trace.context).toEqual({ username: "alice", userId: REDACTED, sessionId: REDACTED, phoneHint: "+1 ••• ••• 0123" });
  });

  it("keeps the cookie under 2 KB at its fullest: complete, the longest username, a full trail and the most calls", async () => {
    const machine = flowWithFakeTransmit({
      password: { userId: "dr8dfh8eco372c9h6ur87", sessionId: "QLd8bNtVS-8oC19woq0jgLwkxc3H5ClL", phoneHint: "+1 ••• ••• 2071" },
      // The claims of the emulator's ID token.
      claims: {
        tid: "emulatortenant0000001",
        auth_time: 1796300981,
        amr: ["pwd", "sms", "mfa"],
        sub: "dr8dfh8eco372c9h6ur87",
        aud: "emulatorclient0000000000000000id",
        iss: "https://userid.security",
        iat: 1796300981,
        exp: 1796304581,
      },
    });
    const actor = await runEvents(machine, [{ type: "GO_TO_LOGIN" }, { type: "LOG_IN", username: "u".repeat(USERNAME_MAX) }, { type: "SUBMIT_CODE" }]);
    let trail = newTrail("complete");
    for (let step = 0; step < TRAIL_TRANSITIONS; step++) {
      const calls = Array.from({ length: STEP_CALLS }, () => call("POST /cis/v1/auth/password/authenticate", 200, 10_000));
      trail = extendTrail(trail, [{ event: "CODE_EXPIRED", to: "authenticatingPassword" }, { event: "GO_TO_SIGNUP", to: "complete" }], calls);
    }
    const setCookie = await flowCookie({ version: flowMachine.version, snapshot: actor.getPersistedSnapshot(), trail }, Date.now() + 60_000);
    actor.stop();
    expect(setCookie.length).toBeLessThan(2048);
  });
});

describe("the console's account of a step", () => {
  it("is one group per step: a line per transition, then one per Transmit call", () => {
    const trail = extendTrail(
      newTrail("login"),
      [{ event: "LOG_IN", to: "authenticatingPassword" }, { event: "xstate.done.actor.0.mfaFlow.authenticatingPassword", to: "sendingCode" }, { event: "xstate.done.actor.0.mfaFlow.sendingCode", to: "otp" }],
      [call("POST /cis/v1/auth/password/authenticate", 200, 31), call("POST /cis/v1/auth/otp/send", null, 5000)],
    );
    expect(consoleStep(flowTrace({ state: "otp", context: {}, trail }))).toEqual({
      title: "flow: login → otp on LOG_IN",
      lines: [
        "transition login → authenticatingPassword on LOG_IN",
        "transition authenticatingPassword → sendingCode on done",
        "transition sendingCode → otp on done",
        "transmit POST /cis/v1/auth/password/authenticate → 200 in 31 ms",
        "transmit POST /cis/v1/auth/otp/send → unreachable in 5000 ms",
      ],
    });
  });

  it("says so when the flow has made no step yet", () => {
    expect(consoleStep(flowTrace({ state: "signup", context: {}, trail: newTrail("signup") }))).toEqual({ title: "flow: at signup, no step yet", lines: [] });
  });
});
