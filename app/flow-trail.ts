import type { JsonValue } from "../machines/flow.machine";
import { redact } from "./redact";

/**
 * The flow's trail: the transitions it went through and the Transmit calls of its last
 * step. It is sealed in the flow's cookie beside the snapshot, so it is kept small: event
 * types only (no payload), the newest transitions, and endpoint paths without any id.
 * Nothing in it is secret; the browser reads it for the console, the inspector and /flow.
 */

/** One call the server made to Transmit: `POST /cis/v1/users`, its status (null when unreachable), how long it took. */
export type TransmitCall = { endpoint: string; status: number | null; ms: number };

export type TrailTransition = { from: string; event: string; to: string };

/** A TransmitCall as the cookie keeps it. */
type SealedCall = [endpoint: string, status: number | null, ms: number];

/** The request that last moved the flow: how many of the trail's last transitions are its, and its Transmit calls. */
export type TrailStep = { transitions: number; calls: SealedCall[] };

export type Trail = {
  /** The states and events the flow went through, alternating: state, event, state, …, ending in its state. */
  path: string[];
  /** How many transitions the flow made in all; the oldest are dropped from `path`. */
  count: number;
  step: TrailStep | null;
};

/** A whole flow, Restart included; the cookie must stay under 2 KB (tests/unit/flow-trail.test.ts). */
export const TRAIL_TRANSITIONS = 10;
/** A step calls Transmit three times at the most, five when a client token Transmit rejected is renewed. */
export const STEP_CALLS = 5;

export function newTrail(state: string): Trail {
  return { path: [state], count: 0, step: null };
}

/** `xstate.done.actor.0.mfaFlow.sendingCode` is `done`: the state it leaves already says which call. */
export function shortEvent(type: string): string {
  const match = /^xstate\.(done|error)\.actor\./.exec(type);
  return match ? (match[1] as string) : type;
}

/** The trail after a request that made `transitions` (event type and state reached) and `calls`. */
export function extendTrail(trail: Trail, transitions: { event: string; to: string }[], calls: TransmitCall[]): Trail {
  if (transitions.length === 0) return trail;
  const path = [...trail.path, ...transitions.flatMap(({ event, to }) => [shortEvent(event), to])];
  const kept = Math.min(TRAIL_TRANSITIONS, (path.length - 1) / 2);
  return {
    path: path.slice(path.length - 1 - 2 * kept),
    count: trail.count + transitions.length,
    step: { transitions: Math.min(transitions.length, kept), calls: calls.slice(-STEP_CALLS).map(({ endpoint, status, ms }) => [endpoint, status, ms]) },
  };
}

export function trailTransitions({ path }: Trail): TrailTransition[] {
  const transitions: TrailTransition[] = [];
  for (let index = 1; index + 1 < path.length; index += 2) {
    transitions.push({ from: path[index - 1] as string, event: path[index] as string, to: path[index + 1] as string });
  }
  return transitions;
}

/** The trail as sealed in the cookie, or null when it is not one for a flow in `state` (a cookie from before trails). */
export function readTrail(value: unknown, state: string): Trail | null {
  if (typeof value !== "object" || value === null) return null;
  const { path, count, step } = value as Partial<Trail>;
  const wellFormed =
    Array.isArray(path) &&
    path.length % 2 === 1 &&
    path.every((entry) => typeof entry === "string") &&
    path.at(-1) === state &&
    Number.isInteger(count) &&
    (step === null || (typeof step === "object" && Number.isInteger(step?.transitions) && Array.isArray(step?.calls)));
  return wellFormed ? { path, count: count as number, step: step ?? null } : null;
}

/** What the browser gets to show the flow (console, inspector): its state, its context redacted, and its trail. */
export type FlowTrace = {
  state: string;
  context: JsonValue;
  /** The newest transitions, oldest first. */
  transitions: TrailTransition[];
  /** How many transitions the flow made in all. */
  count: number;
  /** The request that last moved the flow, if one did. */
  step: { transitions: TrailTransition[]; calls: TransmitCall[] } | null;
};

export function flowTrace({ state, context, trail }: { state: string; context: object; trail: Trail }): FlowTrace {
  const transitions = trailTransitions(trail);
  const step = trail.step && {
    transitions: transitions.slice(transitions.length - trail.step.transitions),
    calls: trail.step.calls.map(([endpoint, status, ms]) => ({ endpoint, status, ms })),
  };
  return { state, context: redact(context), transitions, count: trail.count, step };
}
