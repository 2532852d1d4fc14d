import { json, redirect } from "@remix-run/node";
import { createActor, waitFor, type InspectionEvent, type SnapshotFrom } from "xstate";
import { AWAITING_STATES, AWAITING_USER, FLOW_EXPIRY_NOTICE_MS, flowMachine, PENDING_FLOW_MS, type AwaitingState, type FlowContext, type FlowEvent } from "../machines/flow.machine";
import { config } from "./config.server";
import { flowActors } from "./flow-actors.server";
import { serverInspector } from "./flow-inspector.server";
import { extendTrail, newTrail, readTrail, type Trail, type TrailTransition } from "./flow-trail";
import { TRANSMIT_UNAVAILABLE } from "./step-errors.server";
import { fieldErrorsOf, type FieldErrors } from "./forms";
import { flowRef, hasEnded } from "./limits.server";
import { log } from "./log.server";
import { flowCookie, readFlowCookie } from "./session.server";
import { recordedCalls, withinRequest } from "./request-scope.server";

/** Where the flow waits for the person: the state and the page for it, and how it got there. */
export type Flow = { state: AwaitingState; context: FlowContext; trail: Trail };

export const PAGES: Record<AwaitingState, string> = { signup: "/signup", login: "/login", otp: "/otp", complete: "/complete" };

type Persisted = { version: typeof flowMachine.version; snapshot: unknown; trail: Trail };
type FlowSnapshot = SnapshotFrom<typeof flowMachine>;

/**
 * Only a settled snapshot of this machine version is restored: anything else (no
 * cookie, an older version, a state that does not wait for the person) starts a fresh flow.
 * A cookie from before trails keeps its flow and starts a trail.
 */
function restorable(data: unknown): { snapshot: object; trail: Trail } | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const { version, snapshot, trail } = data as Partial<Persisted>;
  if (version !== flowMachine.version || typeof snapshot !== "object" || snapshot === null) return undefined;
  const { status, value, context, children } = snapshot as Record<string, unknown>;
  const settled = status === "active" && AWAITING_STATES.includes(value as AwaitingState);
  const idle = typeof children !== "object" || children === null || Object.keys(children).length === 0;
  if (!settled || !idle || typeof context !== "object" || context === null) return undefined;
  return { snapshot, trail: readTrail(trail, value as string) ?? newTrail(value as string) };
}

/** The machine with the app's Transmit calls, built once: they find the request they work for themselves. */
const machine = flowMachine.provide({ actors: flowActors });

/** Each transition the flow makes, as it makes it; the inspection events of its Transmit calls go to the server's inspector only. */
function recordTransitions(moves: TrailTransition[]) {
  let state: string | undefined;
  return (inspection: InspectionEvent) => {
    serverInspector?.inspect.next?.(inspection);
    if (inspection.type !== "@xstate.snapshot" || inspection.rootId !== inspection.actorRef.sessionId) return;
    const { value, status } = inspection.snapshot as FlowSnapshot;
    const to = String(value);
    // Not the start of a restored actor, nor its stop at the end of the request.
    if (state !== undefined && inspection.event.type !== "xstate.init" && status === "active") {
      moves.push({ from: state, event: inspection.event.type, to });
      log.debug({ event: "flow.transition", from: state, on: inspection.event.type, to });
    }
    state = to;
  };
}

function startRun(restored?: { snapshot: object; trail: Trail }) {
  const moves: TrailTransition[] = [];
  const actor = createActor(machine, { snapshot: restored?.snapshot as FlowSnapshot | undefined, inspect: recordTransitions(moves) });
  // Without an error observer a broken snapshot would throw later, outside this request.
  actor.subscribe({ error: (error) => log.warn({ event: "flow.actor", outcome: "error", reason: String(error) }) });
  actor.start();
  return { actor, moves, trail: restored?.trail ?? newTrail(String(actor.getSnapshot().value)), changed: false };
}

/** One request's actor, the trail it continues, and the transitions it made so far. */
type FlowRun = ReturnType<typeof startRun>;
type FlowActor = FlowRun["actor"];

/** The deadline a request finds passed, as the event the machine expects for it. */
function dueDeadline({ expiresAt, codeExpiresAt }: FlowContext, now: number): FlowEvent | null {
  if (expiresAt !== null && now >= expiresAt) return { type: "EXPIRE" };
  if (codeExpiresAt !== null && now >= codeExpiresAt) return { type: "CODE_EXPIRED" };
  return null;
}

function settle(actor: FlowActor) {
  return waitFor(actor, (snapshot) => snapshot.hasTag(AWAITING_USER), { timeout: config().transmit.stepTimeoutMs });
}

/**
 * The actor for one request, restored from the cookie, with this request's Transmit
 * calls. Deadlines are checked here, on every request, whatever the browser did with
 * the cookie's Max-Age; `changed` says the flow moved and must be persisted.
 */
async function restoreRun(request: Request): Promise<FlowRun> {
  const persisted = restorable(readFlowCookie(request));
  let run: FlowRun | null = null;
  if (persisted) {
    try {
      run = startRun(persisted);
      if (run.actor.getSnapshot().status !== "active") {
        run.actor.stop();
        run = null;
      }
    } catch {
      run = null;
    }
    if (!run) log.info({ event: "flow.restore", outcome: "fresh" });
  }
  const sessionId = run?.actor.getSnapshot().context.sessionId;
  // If the store cannot say, the flow counts as ended: a logged-out cookie must never open again.
  if (run && sessionId && (await hasEnded(flowRef(sessionId)).catch(() => true))) {
    // A copy of a cookie from before a logout: that flow is over.
    log.info({ event: "flow.restore", outcome: "ended", flow: flowRef(sessionId) });
    run.actor.stop();
    run = null;
  }
  run ??= startRun();
  const { actor } = run;
  const due = dueDeadline(actor.getSnapshot().context, Date.now());
  if (!due || !actor.getSnapshot().can(due)) return run;
  log.info({ event: "flow.deadline", on: due.type, from: actor.getSnapshot().value });
  actor.send(due);
  await settle(actor);
  return { ...run, changed: true };
}

/** The cookie for the run's snapshot, and the trail it now carries: this request's transitions and Transmit calls added. */
function commit({ actor, trail, moves }: FlowRun): { headers: Record<string, string>; trail: Trail } {
  const { context } = actor.getSnapshot();
  // A flow with no deadline of its own (at signup or login) lasts as long as a pending one.
  const expiresAt = context.expiresAt ?? Date.now() + PENDING_FLOW_MS;
  const persisted: Persisted = { version: flowMachine.version, snapshot: actor.getPersistedSnapshot(), trail: extendTrail(trail, moves, recordedCalls()) };
  return { headers: { "Set-Cookie": flowCookie(persisted, expiresAt + FLOW_EXPIRY_NOTICE_MS) }, trail: persisted.trail };
}

export type Transition = { flow: Flow; headers: Record<string, string> };

function toTransition(snapshot: FlowSnapshot, trail: Trail, headers: Record<string, string>): Transition {
  return { flow: { state: snapshot.value as AwaitingState, context: snapshot.context, trail }, headers };
}

/** The flow as the actor has it, with the cookie to set if a deadline moved it on restore. */
async function current(run: FlowRun): Promise<Transition> {
  if (!run.changed) return toTransition(run.actor.getSnapshot(), run.trail, {});
  const { headers, trail } = commit(run);
  return toTransition(run.actor.getSnapshot(), trail, headers);
}

/**
 * Sends one event and waits until the flow settles in a state that waits for the
 * person, then persists that snapshot. An event the current state does not accept
 * changes nothing; neither does a step that never settles.
 */
async function advance(run: FlowRun, event: FlowEvent): Promise<Transition> {
  const { actor } = run;
  const before = actor.getSnapshot();
  if (!before.can(event)) return current(run);
  actor.send(event);
  const settled = await settle(actor).catch(() => null);
  if (!settled) {
    log.warn({ event: "flow.transition", from: before.value, on: event.type, outcome: "timeout" });
    const unchanged = toTransition(before, run.trail, {});
    return { ...unchanged, flow: { ...unchanged.flow, context: { ...before.context, error: { message: TRANSMIT_UNAVAILABLE } } } };
  }
  const { headers, trail } = commit(run);
  return toTransition(settled, trail, headers);
}

/** Restores the request's actor, does `work` with it (the Transmit calls recorded for the request), and always stops it. */
function withRun<T>(request: Request, work: (run: FlowRun) => Promise<T>): Promise<T> {
  return withinRequest(request, async () => {
    const run = await restoreRun(request);
    try {
      return await work(run);
    } finally {
      run.actor.stop();
    }
  });
}

/** The flow as the cookie has it (a fresh one when there is none), and the cookie to set if a deadline moved it. */
export function readFlow(request: Request): Promise<Transition> {
  return withRun(request, current);
}

/** Between signup and login, following a link is enough; the machine still decides. */
const NAVIGATION: Partial<Record<AwaitingState, FlowEvent>> = { login: { type: "GO_TO_LOGIN" }, signup: { type: "GO_TO_SIGNUP" } };

/**
 * For a page's loader: the flow at this page (moved here when a link is all it takes),
 * or a redirect to the page of the state the flow is in.
 */
export function visitFlowPage(request: Request, page: AwaitingState): Promise<Transition> {
  return withRun(request, async (run) => {
    const state = run.actor.getSnapshot().value as AwaitingState;
    if (state === page) return current(run);
    const navigation = NAVIGATION[page];
    if (navigation && run.actor.getSnapshot().can(navigation)) return advance(run, navigation);
    throw redirect(PAGES[state], { headers: (await current(run)).headers });
  });
}

/** For an action: sends one event to the request's flow (see `advance`). */
export function sendFlowEvent(request: Request, event: FlowEvent): Promise<Transition> {
  return withRun(request, (run) => advance(run, event));
}

/**
 * What an action returns to its page when the step did not go through: the errors, the
 * input to show again, and what the server says of a field's value under it (the number a
 * phone field will use, before the page can read numbers itself).
 */
export type StepRejection = { fieldErrors: FieldErrors; fields: Record<string, string>; notes: FieldNotes };
export type FieldNotes = Partial<Record<string, string>>;

/** A form that failed validation: nothing was sent, the flow is unchanged. */
export function rejectForm(fieldErrors: FieldErrors, fields: Record<string, string> = {}, notes: FieldNotes = {}) {
  return json<StepRejection>({ fieldErrors, fields, notes }, { status: 400 });
}

/** The posted form, or null when the body is not one (a script posting JSON, say). */
export async function readForm(request: Request): Promise<FormData | null> {
  // A clone: the strategies read the same body again when they send the secret to Transmit.
  return request.clone().formData().catch(() => null);
}

export const UNREADABLE_FORM: FieldErrors = { form: "The form could not be read. Please fill it in and send it again." };

/**
 * For an action: sends the event, then redirects to the page of the state the flow
 * settled in (POST, redirect, GET); that page shows any error from the context.
 * With `fields`, a failed step instead renders the page again with them, for input
 * that must not be kept in the cookie (the phone number at signup).
 */
export async function submitToFlow(request: Request, page: AwaitingState, event: FlowEvent, fields?: Record<string, string>, notes: FieldNotes = {}) {
  const { flow, headers } = await sendFlowEvent(request, event);
  const error = flow.context.error;
  if (flow.state !== page || !error || !fields) throw redirect(PAGES[flow.state], { headers });
  return json<StepRejection>({ fieldErrors: fieldErrorsOf(error), fields, notes }, { status: 400, headers });
}
