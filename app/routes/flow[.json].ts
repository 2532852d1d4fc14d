import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { readFlow } from "~/flow.server";
import { flowTrace } from "~/flow-trail";

/** The flow's trace for the page's scripts (console, inspector): nothing in it is secret. Reading it never moves the flow on, beyond a deadline that has passed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { flow, headers } = await readFlow(request);
  return json(flowTrace(flow), { headers });
}
