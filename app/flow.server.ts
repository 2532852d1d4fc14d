import { json, redirect } from "@remix-run/node";
import { createActor, waitFor, type SnapshotFrom } from "xstate";
import { AWAITING_STATES, AWAITING_USER, FLOW_EXPIRY_NOTICE_MS, flowMachine, PENDING_FLOW_MS, type AwaitingState, type FlowContext, type FlowEvent } from "../machines/flow.machine";
import { config } from "./config.server";
import { flowActors } from "./flow-actors.server";
import { TRANSMIT_UNAVAILABLE } from "./step-errors.server";
import { fieldErrorsOf, type FieldErrors } from "./forms";
import { flowRef, hasEnded } from "./limits.server";
import { log } from "./log.server";
import { flowCookie, readFlowCookie } from "./session.server";

/** Where the flow waits for the person: the state and the page for it. */
export type Flow = { state: AwaitingState; context: FlowContext };

export const PAGES: Record<AwaitingState, string> = { signup: "/signup", login: "/login", otp: "/otp", complete: "/complete" };

type Persisted = { version: typeof flowMachine.version; snapshot: unknown };
type FlowSnapshot = SnapshotFrom<typeof flowMachine>;

/**
 * Only a settled snapshot of this machine version is restored: anything else (no
 * cookie, an older version, a state that does not wait for the person) starts a fresh flow.
 */
function restorable(data: unknown): object | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const { version, snapshot } = data as Partial<Persisted>;
  if (version !== flowMachine.version || typeof snapshot !== "object" || snapshot === null) return undefined;
  const { status, value, context, children } = snapshot as Record<string, unknown>;
  const settled = status === "active" && AWAITING_STATES.includes(value as AwaitingState);
  const idle = typeof children !== "object" || children === null || Object.keys(children).length === 0;
  return settled && idle && typeof context === "object" && context !== null ? snapshot : undefined;
}

function toFlow(snapshot: FlowSnapshot): Flow {
  return { state: snapshot.value as AwaitingState, context: snapshot.context };
}

type ProvidedMachine = ReturnType<typeof flowMachine.provide>;

function startActor(machine: ProvidedMachine, snapshot?: object) {
  const actor = createActor(machine, { snapshot: snapshot as FlowSnapshot | undefined });
  // Without an error observer a broken snapshot would throw later, outside this request.
  actor.subscribe({ error: (error) => log.warn({ event: "flow.actor", outcome: "error", reason: String(error) }) });
  actor.start();
  return actor;
}

/** The deadline a request finds passed, as the event the machine expects for it. */
function dueDeadline({ expiresAt, codeExpiresAt }: FlowContext, now: number): FlowEvent | null {
  if (expiresAt !== null && now >= expiresAt) return { type: "EXPIRE" };
  if (codeExpiresAt !== null && now >= codeExpiresAt) return { type: "CODE_EXPIRED" };
  return null;
}

type FlowActor = ReturnType<typeof startActor>;

function settle(actor: FlowActor) {
  return waitFor(actor, (snapshot) => snapshot.hasTag(AWAITING_USER), { timeout: config().transmit.stepTimeoutMs });
}

/**
 * The actor for one request, restored from the cookie, with this request's Transmit
 * calls. Deadlines are checked here, on every request, whatever the browser did with
 * the cookie's Max-Age; `changed` says the flow moved and must be persisted.
 */
async function restoreActor(request: Request): Promise<{ actor: FlowActor; changed: boolean }> {
  const persisted = restorable(await readFlowCookie(request));
  const machine = flowMachine.provide({ actors: flowActors(request) });
  let actor: FlowActor | null = null;
  if (persisted) {
    try {
      actor = startActor(machine, persisted);
      if (actor.getSnapshot().status !== "active") {
        actor.stop();
        actor = null;
      }
    } catch {
      actor = null;
    }
    if (!actor) log.info({ event: "flow.restore", outcome: "fresh" });
  }
  const sessionId = actor?.getSnapshot().context.sessionId;
  // If the store cannot say, the flow counts as ended: a logged-out cookie must never open again.
  if (actor && sessionId && (await hasEnded(flowRef(sessionId)).catch(() => true))) {
    // A copy of a cookie from before a logout: that flow is over.
    log.info({ event: "flow.restore", outcome: "ended", flow: flowRef(sessionId) });
    actor.stop();
    actor = null;
  }
  actor ??= startActor(machine);
  const due = dueDeadline(actor.getSnapshot().context, Date.now());
  if (!due || !actor.getSnapshot().can(due)) return { actor, changed: false };
  log.info({ event: "flow.deadline", on: due.type, from: actor.getSnapshot().value });
  actor.send(due);
  await settle(actor);
  return { actor, changed: true };
}

async function commit(actor: FlowActor): Promise<Record<string, string>> {
  const { context } = actor.getSnapshot();
  // A flow with no deadline of its own (at signup or login) lasts as long as a pending one.
  const expiresAt = context.expiresAt ?? Date.now() + PENDING_FLOW_MS;
  const persisted: Persisted = { version: flowMachine.version, snapshot: actor.getPersistedSnapshot() };
  return { "Set-Cookie": await flowCookie(persisted, expiresAt + FLOW_EXPIRY_NOTICE_MS) };
}

export type Transition = { flow: Flow; headers: Record<string, string> };

/** The flow as the actor has it, with the cookie to set if a deadline moved it on restore. */
async function current(actor: FlowActor, changed: boolean): Promise<Transition> {
  return { flow: toFlow(actor.getSnapshot()), headers: changed ? await commit(actor) : {} };
}

/**
 * Sends one event and waits until the flow settles in a state that waits for the
 * person, then persists that snapshot. An event the current state does not accept
 * changes nothing; neither does a step that never settles.
 */
async function advance(actor: FlowActor, changed: boolean, event: FlowEvent): Promise<Transition> {
  const before = actor.getSnapshot();
  if (!before.can(event)) return current(actor, changed);
  actor.send(event);
  const settled = await settle(actor).catch(() => null);
  if (!settled) {
    log.warn({ event: "flow.transition", from: before.value, on: event.type, outcome: "timeout" });
    return { flow: { ...toFlow(before), context: { ...before.context, error: { message: TRANSMIT_UNAVAILABLE } } }, headers: {} };
  }
  log.debug({ event: "flow.transition", from: before.value, on: event.type, to: settled.value });
  return { flow: toFlow(settled), headers: await commit(actor) };
}

/** Restores the request's actor, does `work` with it, and always stops it. */
async function withActor<T>(request: Request, work: (actor: FlowActor, changed: boolean) => Promise<T>): Promise<T> {
  const { actor, changed } = await restoreActor(request);
  try {
    return await work(actor, changed);
  } finally {
    actor.stop();
  }
}

/** The flow as the cookie has it (a fresh one when there is none), and the cookie to set if a deadline moved it. */
export function readFlow(request: Request): Promise<Transition> {
  return withActor(request, current);
}

/** Between signup and login, following a link is enough; the machine still decides. */
const NAVIGATION: Partial<Record<AwaitingState, FlowEvent>> = { login: { type: "GO_TO_LOGIN" }, signup: { type: "GO_TO_SIGNUP" } };

/**
 * For a page's loader: the flow at this page (moved here when a link is all it takes),
 * or a redirect to the page of the state the flow is in.
 */
export function visitFlowPage(request: Request, page: AwaitingState): Promise<Transition> {
  return withActor(request, async (actor, changed) => {
    const state = actor.getSnapshot().value as AwaitingState;
    if (state === page) return current(actor, changed);
    const navigation = NAVIGATION[page];
    if (navigation && actor.getSnapshot().can(navigation)) return advance(actor, changed, navigation);
    throw redirect(PAGES[state], { headers: (await current(actor, changed)).headers });
  });
}

/** For an action: sends one event to the request's flow (see `advance`). */
export function sendFlowEvent(request: Request, event: FlowEvent): Promise<Transition> {
  return withActor(request, (actor, changed) => advance(actor, changed, event));
}

/** What an action returns to its page when the step did not go through. */
export type StepRejection = { fieldErrors: FieldErrors; fields: Record<string, string> };

/** A form that failed validation: nothing was sent, the flow is unchanged. */
export function rejectForm(fieldErrors: FieldErrors, fields: Record<string, string> = {}) {
  return json<StepRejection>({ fieldErrors, fields }, { status: 400 });
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
export async function submitToFlow(request: Request, page: AwaitingState, event: FlowEvent, fields?: Record<string, string>) {
  const { flow, headers } = await sendFlowEvent(request, event);
  const error = flow.context.error;
  if (flow.state !== page || !error || !fields) throw redirect(PAGES[flow.state], { headers });
  return json<StepRejection>({ fieldErrors: fieldErrorsOf(error), fields }, { status: 400, headers });
}
