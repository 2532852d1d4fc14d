import type { FlowTrace } from "./flow-trail";

/**
 * The browser console's account of the step that brought the person to this page: one
 * group, a line per transition the server made, then a line per Transmit call it made for
 * them. Readable as it stands; nothing secret is in a trace.
 */
export function consoleStep({ state, step }: FlowTrace): { title: string; lines: string[] } {
  const first = step?.transitions[0];
  const last = step?.transitions.at(-1);
  if (!step || !first || !last) return { title: `flow: at ${state}, no step yet`, lines: [] };
  return {
    title: `flow: ${first.from} → ${last.to} on ${first.event}`,
    lines: [
      ...step.transitions.map(({ from, event, to }) => `transition ${from} → ${to} on ${event}`),
      ...step.calls.map(({ endpoint, status, ms }) => `transmit ${endpoint} → ${status ?? "unreachable"} in ${ms} ms`),
    ],
  };
}
