import { createInspector, type StatelyInspectionEvent } from "@statelyai/inspect";
import { describe, expect, it } from "vitest";
import { flowMachine, type FlowEvent } from "../../machines/flow.machine";
import { REDACTED, redactInspection } from "~/redact";
import { flowWithFakeTransmit, runEvents, type InspectedSnapshot } from "../support/fake-transmit-flow";

/** What a flow's Transmit calls hand the machine; none of it may reach an inspector. */
const SECRETS = { userId: "user-id-6f1c", sessionId: "session-id-9a2e", phoneNumber: "+12015550123" };

const machine = flowWithFakeTransmit({
  password: { userId: SECRETS.userId, sessionId: SECRETS.sessionId, phoneHint: "+1 ••• ••• 0123" },
  claims: { sub: SECRETS.userId, sid: SECRETS.sessionId, amr: ["pwd", "sms", "mfa"], iat: 1, exp: 4_000_000_000 },
});

const WHOLE_FLOW: FlowEvent[] = [
  { type: "SIGN_UP", username: "alice", phoneNumber: SECRETS.phoneNumber },
  { type: "LOG_IN", username: "alice" },
  { type: "SUBMIT_CODE" },
  { type: "RESTART" },
];

/** A whole flow, inspected as the server inspects its actors: through createInspector with the app's redaction. */
async function inspectWholeFlow() {
  const received: StatelyInspectionEvent[] = [];
  const inspector = createInspector({ send: (event) => void received.push(event) }, { serialize: redactInspection });
  const actor = await runEvents(machine, WHOLE_FLOW, inspector.inspect);
  actor.stop();
  // The inspector hands events on from an idle callback (a timer, in Node).
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { received, rootId: actor.sessionId };
}

describe("the server's inspector", () => {
  it("receives the flow actor's definition and its snapshot at every state of a whole flow, redacted", async () => {
    const { received, rootId } = await inspectWholeFlow();
    const registered = received.find((event) => event.type === "@xstate.actor" && event.sessionId === rootId);
    expect(registered?.type === "@xstate.actor" && JSON.parse(registered.definition ?? "{}")).toMatchObject({ id: "mfaFlow", initial: "signup" });
    // The inspector writes the definition with its keys sorted.
    expect(Object.keys(JSON.parse((registered as { definition: string }).definition).states)).toEqual(Object.keys(flowMachine.root.states).sort());

    const snapshots = (received.filter((event) => event.type === "@xstate.snapshot" && event.sessionId === rootId) as { snapshot: InspectedSnapshot; event: { type: string } }[]).filter(
      ({ snapshot }) => snapshot.status === "active",
    );
    expect(snapshots.map(({ snapshot }) => snapshot.value)).toEqual([
      "signup",
      "creatingUser",
      "login",
      "authenticatingPassword",
      "sendingCode",
      "otp",
      "verifyingCode",
      "complete",
      "loggingOut",
      "signup",
    ]);
    const complete = snapshots.find(({ snapshot }) => snapshot.value === "complete")?.snapshot.context;
    expect(complete).toMatchObject({ username: "alice", userId: REDACTED, sessionId: REDACTED, phoneHint: "+1 ••• ••• 0123", claims: { sub: REDACTED, sid: REDACTED, amr: ["pwd", "sms", "mfa"] } });
    expect(snapshots.find(({ event }) => event.type === "SIGN_UP")?.event).toEqual({ type: "SIGN_UP", username: "alice", phoneNumber: REDACTED });
  });

  it("lets no Transmit id or phone number through, in any actor's event, input or output", async () => {
    const { received } = await inspectWholeFlow();
    expect(received.some((event) => event.type === "@xstate.actor" && event.name.includes("authenticatingPassword"))).toBe(true);
    const everything = JSON.stringify(received);
    for (const secret of Object.values(SECRETS)) expect(everything).not.toContain(secret);
  });

  it("would see them without the redaction: the test above could fail", async () => {
    const received: StatelyInspectionEvent[] = [];
    const inspector = createInspector({ send: (event) => void received.push(event) });
    (await runEvents(machine, WHOLE_FLOW.slice(0, 1), inspector.inspect)).stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(JSON.stringify(received)).toContain(SECRETS.phoneNumber);
  });
});
