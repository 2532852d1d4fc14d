import { createActor, fromPromise, waitFor, type InspectionEvent, type Observer } from "xstate";
import type * as Flow from "../../machines/flow.machine";
import { AWAITING_USER, flowMachine } from "../../machines/flow.machine";

/** The flow machine with Transmit calls that always succeed, with these answers. */
export function flowWithFakeTransmit({ password, claims }: { password: Omit<Flow.PasswordAuthenticated, "authenticatedAt">; claims: Flow.IdTokenClaims }) {
  return flowMachine.provide({
    actors: {
      createUser: fromPromise<void, Flow.CreateUserInput>(async () => undefined),
      authenticatePassword: fromPromise<Flow.PasswordAuthenticated, Flow.AuthenticatePasswordInput>(async () => ({ ...password, authenticatedAt: Date.now() })),
      sendCode: fromPromise<Flow.CodeSent, Flow.SendCodeInput>(async () => ({ sentAt: Date.now(), expiresAt: Date.now() + 300_000 })),
      verifyCode: fromPromise<Flow.IdTokenClaims, Flow.VerifyCodeInput>(async () => claims),
      logout: fromPromise<void, Flow.LogoutInput>(async () => undefined),
    },
  });
}

/** Runs `events` one by one, each time until the flow waits for the person again; the actor is returned running. */
export async function runEvents(machine: ReturnType<typeof flowWithFakeTransmit>, events: Flow.FlowEvent[], inspect?: Observer<InspectionEvent>) {
  const actor = createActor(machine, { inspect }).start();
  for (const event of events) {
    actor.send(event);
    await waitFor(actor, (snapshot) => snapshot.hasTag(AWAITING_USER));
  }
  return actor;
}

/** What an inspector receives as a snapshot, for reading in tests. */
export type InspectedSnapshot = { status?: string; value?: unknown; context?: Record<string, unknown> };
