import { describe, expect, it } from "vitest";
import { createActor, fromPromise, waitFor, type SnapshotFrom } from "xstate";
import {
  AWAITING_USER,
  flowMachine,
  initialContext,
  type CodeSent,
  type CreateUserInput,
  type FlowEvent,
  type IdTokenClaims,
  type LogoutInput,
  type PasswordAuthenticated,
  type SendCodeInput,
  type VerifyCodeInput,
} from "../../machines/flow.machine";

const MFA_CLAIMS: IdTokenClaims = { sub: "user-1", amr: ["pwd", "sms", "mfa"], auth_time: 1_000, iat: 1_000, exp: 4_600 };
const PASSWORD_AT = 1_000_000;
const CODE_EXPIRES_AT = PASSWORD_AT + 5 * 60_000;
const PASSWORD_OK: PasswordAuthenticated = { userId: "user-1", sessionId: "session-1", phoneHint: "+1 ••• ••• 0123", authenticatedAt: PASSWORD_AT };

type Fakes = {
  createUser?: (input: CreateUserInput) => Promise<void>;
  authenticatePassword?: () => Promise<PasswordAuthenticated>;
  sendCode?: (input: SendCodeInput) => Promise<CodeSent>;
  verifyCode?: (input: VerifyCodeInput) => Promise<IdTokenClaims>;
  logout?: (input: LogoutInput) => Promise<void>;
};

/** The machine with fake Transmit calls that record their inputs. */
function machineWith(fakes: Fakes = {}) {
  const calls: { actor: string; input: unknown }[] = [];
  const record =
    <I, O>(actor: string, fallback: (input: I) => Promise<O>, fake?: (input: I) => Promise<O>) =>
    ({ input }: { input: I }) => {
      calls.push({ actor, input });
      return (fake ?? fallback)(input);
    };
  const machine = flowMachine.provide({
    actors: {
      createUser: fromPromise(record("createUser", async () => undefined, fakes.createUser)),
      authenticatePassword: fromPromise(record("authenticatePassword", async () => PASSWORD_OK, fakes.authenticatePassword)),
      sendCode: fromPromise(record("sendCode", async () => ({ sentAt: PASSWORD_AT, expiresAt: CODE_EXPIRES_AT }), fakes.sendCode)),
      verifyCode: fromPromise(record("verifyCode", async () => MFA_CLAIMS, fakes.verifyCode)),
      logout: fromPromise(record("logout", async () => undefined, fakes.logout)),
    },
  });
  return { machine, calls };
}

type Machine = ReturnType<typeof machineWith>["machine"];

/** Sends events one by one, each time waiting for the flow to wait for the person again. */
async function run(machine: Machine, events: FlowEvent[], snapshot?: SnapshotFrom<Machine>) {
  const actor = createActor(machine, { snapshot });
  actor.start();
  for (const event of events) {
    actor.send(event);
    await waitFor(actor, (state) => state.hasTag(AWAITING_USER));
  }
  const result = actor.getSnapshot();
  const persisted = actor.getPersistedSnapshot();
  actor.stop();
  return { state: result, persisted };
}

const SIGN_UP: FlowEvent = { type: "SIGN_UP", username: "alice", phoneNumber: "+12015550123" };
const LOG_IN: FlowEvent = { type: "LOG_IN", username: "alice" };
const fail = (message: string, field?: string) => () => Promise.reject(Object.assign(new Error(message), { field }));

describe("flow machine", () => {
  it("starts at signup, waiting for the person", () => {
    const actor = createActor(flowMachine).start();
    expect(actor.getSnapshot().value).toBe("signup");
    expect(actor.getSnapshot().hasTag(AWAITING_USER)).toBe(true);
    expect(actor.getSnapshot().context).toEqual(initialContext);
  });

  it("signup creates the user and moves to login with a notice", async () => {
    const { machine, calls } = machineWith();
    const { state } = await run(machine, [SIGN_UP]);
    expect(state.value).toBe("login");
    expect(state.context).toMatchObject({ username: "alice", notice: "user-created", error: null });
    expect(calls).toEqual([{ actor: "createUser", input: { username: "alice", phoneNumber: "+12015550123" } }]);
  });

  it("a failed signup stays on signup with the error and its field", async () => {
    const { machine } = machineWith({ createUser: fail("That username is taken.", "username") });
    const { state } = await run(machine, [SIGN_UP]);
    expect(state.value).toBe("signup");
    expect(state.context.error).toEqual({ message: "That username is taken.", field: "username" });
  });

  it("moves between signup and login without calling Transmit", async () => {
    const { machine, calls } = machineWith();
    expect((await run(machine, [{ type: "GO_TO_LOGIN" }])).state.value).toBe("login");
    expect((await run(machine, [{ type: "GO_TO_LOGIN" }, { type: "GO_TO_SIGNUP" }])).state.value).toBe("signup");
    expect(calls).toEqual([]);
  });

  it("password success sends the code to the user and waits on the code page", async () => {
    const { machine, calls } = machineWith();
    const { state } = await run(machine, [{ type: "GO_TO_LOGIN" }, LOG_IN]);
    expect(state.value).toBe("otp");
    expect(state.context).toMatchObject({ userId: "user-1", sessionId: "session-1", phoneHint: "+1 ••• ••• 0123", notice: "code-sent" });
    expect(calls.map((call) => call.actor)).toEqual(["authenticatePassword", "sendCode"]);
    expect(calls[0]?.input).toEqual({ username: "alice" });
    expect(calls[1]?.input).toEqual({ userId: "user-1", sessionId: "session-1" });
  });

  it("a wrong password stays on login with the error and sends no code", async () => {
    const { machine, calls } = machineWith({ authenticatePassword: fail("The username or password is not right.", "password") });
    const { state } = await run(machine, [{ type: "GO_TO_LOGIN" }, LOG_IN]);
    expect(state.value).toBe("login");
    expect(state.context.error).toEqual({ message: "The username or password is not right.", field: "password" });
    expect(state.context.sessionId).toBeNull();
    expect(calls.map((call) => call.actor)).toEqual(["authenticatePassword"]);
  });

  it("when the code cannot be sent, the password step stands and the code page offers a resend", async () => {
    const { machine } = machineWith({ sendCode: fail("Transmit is unavailable.") });
    const { state } = await run(machine, [{ type: "GO_TO_LOGIN" }, LOG_IN]);
    expect(state.value).toBe("otp");
    expect(state.context).toMatchObject({ sessionId: "session-1", notice: null, error: { message: "Transmit is unavailable." } });
    expect(state.can({ type: "RESEND_CODE" })).toBe(true);
  });

  it("the code joins the password step's session and completes with the verified claims", async () => {
    const { machine, calls } = machineWith();
    const { state } = await run(machine, [{ type: "GO_TO_LOGIN" }, LOG_IN, { type: "SUBMIT_CODE" }]);
    expect(state.value).toBe("complete");
    expect(state.context.claims).toEqual(MFA_CLAIMS);
    expect(calls.find((call) => call.actor === "verifyCode")?.input).toEqual({ userId: "user-1", sessionId: "session-1", codeSentAt: PASSWORD_AT });
  });

  it.each([
    ["amr without mfa", { sub: "user-1", amr: ["pwd", "sms"] }],
    ["no amr at all", { sub: "user-1" }],
    ["amr that is not a list", { sub: "user-1", amr: "mfa" as unknown as string[] }],
  ])("claims with %s never reach complete", async (_, claims) => {
    const { machine } = machineWith({ verifyCode: async () => claims });
    const { state } = await run(machine, [{ type: "GO_TO_LOGIN" }, LOG_IN, { type: "SUBMIT_CODE" }]);
    expect(state.value).toBe("otp");
    expect(state.context.claims).toBeNull();
    expect(state.context.error?.message).toMatch(/multi-factor/);
  });

  it("a wrong code stays on the code page with the error on the code field", async () => {
    const { machine } = machineWith({ verifyCode: fail("That code is not right.", "passcode") });
    const { state } = await run(machine, [{ type: "GO_TO_LOGIN" }, LOG_IN, { type: "SUBMIT_CODE" }]);
    expect(state.value).toBe("otp");
    expect(state.context.error).toEqual({ message: "That code is not right.", field: "passcode" });
  });

  it("a code for a session Transmit no longer knows goes back to login, forgetting the session", async () => {
    const { machine } = machineWith({ verifyCode: () => Promise.reject(Object.assign(new Error("Your session has ended."), { sessionEnded: true })) });
    const { state } = await run(machine, [{ type: "GO_TO_LOGIN" }, LOG_IN, { type: "SUBMIT_CODE" }]);
    expect(state.value).toBe("login");
    expect(state.context).toMatchObject({ username: "alice", userId: null, sessionId: null, phoneHint: null, error: { message: "Your session has ended.", sessionEnded: true } });
  });

  it("resend sends another code and clears the last error", async () => {
    const { machine, calls } = machineWith({ verifyCode: fail("That code is not right.", "passcode") });
    const { state } = await run(machine, [{ type: "GO_TO_LOGIN" }, LOG_IN, { type: "SUBMIT_CODE" }, { type: "RESEND_CODE" }]);
    expect(state.value).toBe("otp");
    expect(state.context).toMatchObject({ error: null, notice: "code-sent" });
    expect(calls.filter((call) => call.actor === "sendCode")).toHaveLength(2);
  });

  it("restart from complete logs out the Transmit session and starts over at signup", async () => {
    const { machine, calls } = machineWith();
    const { state } = await run(machine, [{ type: "GO_TO_LOGIN" }, LOG_IN, { type: "SUBMIT_CODE" }, { type: "RESTART" }]);
    expect(state.value).toBe("signup");
    expect(state.context).toEqual(initialContext);
    expect(calls.at(-1)).toEqual({ actor: "logout", input: { userId: "user-1", sessionId: "session-1", expiresAt: 4_600_000 } });
  });

  it("start over from the code page also logs out", async () => {
    const { machine, calls } = machineWith();
    const { state } = await run(machine, [{ type: "GO_TO_LOGIN" }, LOG_IN, { type: "RESTART" }]);
    expect(state.value).toBe("signup");
    expect(calls.at(-1)?.actor).toBe("logout");
  });

  it("a failed logout keeps the person where they were, told why, so that they can try again", async () => {
    const { machine } = machineWith({ logout: fail("Transmit is unavailable.") });
    const fromComplete = await run(machine, [{ type: "GO_TO_LOGIN" }, LOG_IN, { type: "SUBMIT_CODE" }, { type: "RESTART" }]);
    expect(fromComplete.state.value).toBe("complete");
    expect(fromComplete.state.context).toMatchObject({ claims: MFA_CLAIMS, sessionId: "session-1", error: { message: "Transmit is unavailable." } });
    const fromOtp = await run(machine, [{ type: "GO_TO_LOGIN" }, LOG_IN, { type: "RESTART" }]);
    expect(fromOtp.state.value).toBe("otp");
    expect(fromOtp.state.context).toMatchObject({ sessionId: "session-1", error: { message: "Transmit is unavailable." } });
  });

  it("a retried logout after a failure ends the flow", async () => {
    let failures = 1;
    const { machine } = machineWith({ logout: async () => { if (failures-- > 0) throw new Error("Transmit is unavailable."); } });
    const { state } = await run(machine, [{ type: "GO_TO_LOGIN" }, LOG_IN, { type: "SUBMIT_CODE" }, { type: "RESTART" }, { type: "RESTART" }]);
    expect(state.value).toBe("signup");
    expect(state.context).toEqual(initialContext);
  });

  describe("deadlines", () => {
    const TO_OTP: FlowEvent[] = [{ type: "GO_TO_LOGIN" }, LOG_IN];
    const TO_COMPLETE: FlowEvent[] = [...TO_OTP, { type: "SUBMIT_CODE" }];

    it("a pending flow ends 15 minutes after the password step, and the code with the code", async () => {
      const { state } = await run(machineWith().machine, TO_OTP);
      expect(state.context).toMatchObject({ expiresAt: PASSWORD_AT + 15 * 60_000, codeSentAt: PASSWORD_AT, codeExpiresAt: CODE_EXPIRES_AT });
    });

    it("an authentication ends when its ID token expires, or 12 hours after it, whichever is first", async () => {
      const shortToken = await run(machineWith().machine, TO_COMPLETE);
      expect(shortToken.state.context).toMatchObject({ expiresAt: 4_600_000, codeExpiresAt: null });
      const longToken = await run(machineWith({ verifyCode: async () => ({ ...MFA_CLAIMS, exp: 1_000 + 13 * 3600 }) }).machine, TO_COMPLETE);
      expect(longToken.state.context.expiresAt).toBe((1_000 + 12 * 3600) * 1000);
      const noExpiry = await run(machineWith({ verifyCode: async () => ({ sub: "user-1", amr: ["mfa"] }) }).machine, TO_COMPLETE);
      expect(noExpiry.state.context.expiresAt).toBe(0);
    });

    it("an expired pending flow logs out at Transmit and returns to login, keeping the username", async () => {
      const { machine, calls } = machineWith();
      const { state } = await run(machine, [...TO_OTP, { type: "EXPIRE" }]);
      expect(state.value).toBe("login");
      expect(state.context).toMatchObject({ username: "alice", sessionId: null, userId: null, expiresAt: null, codeExpiresAt: null });
      expect(state.context.error?.message).toMatch(/15 minutes/);
      expect(calls.at(-1)).toEqual({ actor: "logout", input: { userId: "user-1", sessionId: "session-1", expiresAt: PASSWORD_AT + 15 * 60_000 } });
    });

    it("an expired authentication returns to login even when Transmit's logout fails", async () => {
      const { machine } = machineWith({ logout: fail("Transmit is unavailable.") });
      const { state } = await run(machine, [...TO_COMPLETE, { type: "EXPIRE" }]);
      expect(state.value).toBe("login");
      expect(state.context).toMatchObject({ claims: null, sessionId: null, error: { message: "Your session has ended. Please log in again." } });
    });

    it("an expired code asks for a new one, on the code field", async () => {
      const { state } = await run(machineWith().machine, [...TO_OTP, { type: "CODE_EXPIRED" }]);
      expect(state.value).toBe("otp");
      expect(state.context).toMatchObject({ codeSentAt: null, codeExpiresAt: null, error: { message: "This code has expired. Send a new code.", field: "passcode" } });
      expect(state.context.expiresAt).toBe(PASSWORD_AT + 15 * 60_000);
    });
  });

  it("an actor error without a message becomes a generic one", async () => {
    const { machine } = machineWith({ createUser: () => Promise.reject("boom") });
    const { state } = await run(machine, [SIGN_UP]);
    expect(state.context.error).toEqual({ message: "Something went wrong. Please try again." });
  });

  it("accepts only the events of the state it is in", async () => {
    const { machine } = machineWith();
    const allowed: Record<string, FlowEvent["type"][]> = {
      signup: ["SIGN_UP", "GO_TO_LOGIN"],
      login: ["GO_TO_SIGNUP", "LOG_IN"],
      otp: ["SUBMIT_CODE", "RESEND_CODE", "RESTART", "EXPIRE", "CODE_EXPIRED"],
      complete: ["RESTART", "EXPIRE"],
    };
    const paths: Record<string, FlowEvent[]> = {
      signup: [],
      login: [{ type: "GO_TO_LOGIN" }],
      otp: [{ type: "GO_TO_LOGIN" }, LOG_IN],
      complete: [{ type: "GO_TO_LOGIN" }, LOG_IN, { type: "SUBMIT_CODE" }],
    };
    const every: FlowEvent[] = [
      SIGN_UP,
      { type: "GO_TO_LOGIN" },
      { type: "GO_TO_SIGNUP" },
      LOG_IN,
      { type: "SUBMIT_CODE" },
      { type: "RESEND_CODE" },
      { type: "RESTART" },
      { type: "EXPIRE" },
      { type: "CODE_EXPIRED" },
    ];
    for (const [stateName, events] of Object.entries(paths)) {
      const { state } = await run(machine, events);
      expect(state.value).toBe(stateName);
      const accepted = every.filter((event) => state.can(event)).map((event) => event.type);
      expect(accepted, stateName).toEqual(allowed[stateName]);
    }
  });

  it("restores every settled state after a JSON round trip and carries on from it", async () => {
    const { machine } = machineWith();
    const paths: Record<string, { events: FlowEvent[]; next: FlowEvent; then: string }> = {
      signup: { events: [], next: SIGN_UP, then: "login" },
      login: { events: [SIGN_UP], next: LOG_IN, then: "otp" },
      otp: { events: [SIGN_UP, LOG_IN], next: { type: "SUBMIT_CODE" }, then: "complete" },
      complete: { events: [SIGN_UP, LOG_IN, { type: "SUBMIT_CODE" }], next: { type: "RESTART" }, then: "signup" },
    };
    for (const [stateName, { events, next, then }] of Object.entries(paths)) {
      const { state, persisted } = await run(machine, events);
      const restoredSnapshot = JSON.parse(JSON.stringify(persisted));
      const restored = createActor(machine, { snapshot: restoredSnapshot }).start();
      expect(restored.getSnapshot().value, stateName).toBe(stateName);
      expect(restored.getSnapshot().context).toEqual(state.context);
      expect(restored.getSnapshot().hasTag(AWAITING_USER)).toBe(true);
      restored.stop();
      const { state: after } = await run(machine, [next], restoredSnapshot);
      expect(after.value, `${stateName} then ${next.type}`).toBe(then);
    }
  });

  it("tags exactly the four states where the person acts", () => {
    const tagged = Object.values(flowMachine.root.states)
      .filter((node) => node.tags.includes(AWAITING_USER))
      .map((node) => node.key);
    expect(tagged).toEqual(["signup", "login", "otp", "complete"]);
  });
});
