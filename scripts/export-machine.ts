/**
 * `npm run export:machine`: prints the flow machine as source that Stately Studio's
 * "Import from code" reads: `createMachine({...})` with the definition, where actions,
 * guards and actors are named by strings, since their code stays in the app.
 */
import { flowMachine } from "../machines/flow.machine.ts";

type Named = { type?: unknown; assignment?: unknown };

/** An inline `assign` is named for what it assigns; a function that assigns everything is the context's reset. */
function actionName(action: Named): string {
  const assigned = action.assignment;
  return typeof assigned === "object" && assigned !== null ? `assign ${Object.keys(assigned).join(", ")}` : "reset context";
}

function studioValue(key: string, value: unknown): unknown {
  if (key === "input" || key === "schemas") return undefined; // Code of the app's, not of the chart.
  if (typeof value === "function" && (value as Named).type === "xstate.assign") return actionName(value as Named);
  if (typeof value === "function") return value.name || undefined;
  // A parameterised action or guard, such as { type: "recordError", params }: its name is enough.
  if (typeof value === "object" && value !== null && "params" in value && typeof (value as Named).type === "string") return (value as Named).type;
  return value;
}

const config = JSON.stringify(flowMachine.config, studioValue, 2);
process.stdout.write(`// The flow of machines/flow.machine.ts, for Stately Studio: Import from code, then paste this.
// Made by \`npm run export:machine\`; actions, guards and actors are named, their code stays in the app.
import { createMachine } from "xstate";

export const machine = createMachine(${config});
`);
