import type { AnyStateMachine } from "xstate";
import { shortEvent } from "./flow-trail";

/**
 * A machine's states and transitions, read from its definition, so that whatever draws
 * or compares it follows the machine as it is. Transitions between the same two states
 * are one edge, labelled with each event (and its guard).
 */
export type GraphState = { id: string; awaitsUser: boolean; initial: boolean; invokes: string | null };
export type GraphEdge = { from: string; to: string; label: string };
export type MachineGraph = { states: GraphState[]; edges: GraphEdge[] };

function guardName(guard: unknown): string | null {
  if (typeof guard === "string") return guard;
  if (typeof guard === "object" && guard !== null && "type" in guard) return String(guard.type);
  return typeof guard === "function" ? guard.name || "guard" : null;
}

export function machineGraph(machine: AnyStateMachine, awaitingTag: string): MachineGraph {
  const root = machine.root;
  const states = Object.values(root.states).map((node) => ({
    id: node.key,
    awaitsUser: node.tags.includes(awaitingTag),
    initial: root.initial.target[0] === node,
    invokes: node.invoke[0]?.src === undefined ? null : String(node.invoke[0].src),
  }));
  const labels = new Map<string, string[]>();
  for (const node of Object.values(root.states)) {
    for (const [eventType, transitions] of Object.entries(node.on)) {
      for (const transition of transitions) {
        const guard = guardName(transition.guard);
        for (const target of transition.target ?? [node]) {
          const key = `${node.key}>${target.key}`;
          labels.set(key, [...(labels.get(key) ?? []), `${shortEvent(eventType)}${guard ? ` [${guard}]` : ""}`]);
        }
      }
    }
  }
  const edges = [...labels].map(([key, events]) => {
    const [from, to] = key.split(">") as [string, string];
    return { from, to, label: events.join(" / ") };
  });
  return { states, edges };
}
