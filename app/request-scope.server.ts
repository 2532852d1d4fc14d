import { AsyncLocalStorage } from "node:async_hooks";
import type { TransmitCall } from "./flow-trail";

/**
 * The request a flow is being handled in, for the work done on its behalf that is not handed
 * it: the machine's Transmit calls, provided once for every request (flow-actors.server.ts),
 * read their secrets from its form, and each call to Transmit is recorded for the page it leads to.
 */
type Scope = { request: Request | null; calls: TransmitCall[] };

const scope = new AsyncLocalStorage<Scope>();

/** Runs `work` for `request`, with a record of Transmit calls of its own. */
export async function withinRequest<T>(request: Request, work: () => Promise<T>): Promise<T> {
  const store: Scope = { request, calls: [] };
  try {
    return await scope.run(store, work);
  } finally {
    // Timers started within (the rate limits', the replay cache's) keep the store while they run: not the request, with its body.
    store.request = null;
  }
}

/** The request being handled; only work started within `withinRequest`, and until it ends, has one. */
export function currentRequest(): Request {
  const request = scope.getStore()?.request;
  if (!request) throw new Error("No request is being handled here: the flow's Transmit calls run within withinRequest");
  return request;
}

/** Adds a call to the record of the request being handled, if any (the bench's direct client has none). */
export function recordCall(call: TransmitCall): void {
  scope.getStore()?.calls.push(call);
}

export function recordedCalls(): TransmitCall[] {
  return [...(scope.getStore()?.calls ?? [])];
}
