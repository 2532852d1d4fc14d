import { createBrowserInspector, type createInspector } from "@statelyai/inspect";
import { createActor } from "xstate";
import { flowMachine } from "../machines/flow.machine";
import type { FlowTrace } from "./flow-trail";

/**
 * The browser's mirror of the server's flow, for the Stately inspector. Bundled on its
 * own (scripts/build-inspector.ts) and loaded only with FLOW_INSPECTOR=on, so Remix's
 * client build never holds @statelyai/inspect.
 *
 * The mirror is an actor of the same definition, never started: the server runs the
 * flow, and the mirror tells the inspector each transition the server made, its event
 * then its snapshot. Events carry their type only; the context is the server's,
 * redacted, for the state the flow settled in (the cookie has no room for those in
 * between).
 */
type Inspector = Pick<ReturnType<typeof createInspector>, "actor" | "event" | "snapshot">;

/** The machine's own event for a trail's `done` or `error`: that of the call the state it leaves invokes. */
function machineEvent(from: string, event: string): { type: string } {
  const invoke = flowMachine.root.states[from]?.invoke[0];
  return { type: (event === "done" || event === "error") && invoke ? `xstate.${event}.actor.${invoke.id}` : event };
}

export function createFlowMirror(inspector: Inspector) {
  let mirror = createActor(flowMachine);
  let shown: number | null = null;
  return {
    /** Tells the inspector what the flow did since the last trace it was shown. */
    show(trace: FlowTrace) {
      if (shown !== null && trace.count < shown) shown = null; // A new flow: a new actor.
      if (shown === null) {
        mirror = createActor(flowMachine);
        inspector.actor(mirror, { status: "active", value: trace.transitions[0]?.from ?? trace.state });
      }
      const unseen = shown === null ? trace.transitions : trace.transitions.slice(Math.max(0, trace.transitions.length - (trace.count - shown)));
      unseen.forEach(({ from, event, to }, index) => {
        const machineEventObject = machineEvent(from, event);
        inspector.event(mirror, machineEventObject);
        const settled = index === unseen.length - 1;
        inspector.snapshot(mirror, { status: "active", value: to, ...(settled && { context: trace.context }) }, { event: machineEventObject });
      });
      if (shown === null && unseen.length === 0) inspector.snapshot(mirror, { status: "active", value: trace.state, context: trace.context });
      shown = trace.count;
    },
  };
}

export type FlowMirror = ReturnType<typeof createFlowMirror>;

/** Opens the Stately inspector in a new window: call it from a click. */
export function startFlowInspector(): FlowMirror {
  return createFlowMirror(createBrowserInspector());
}
