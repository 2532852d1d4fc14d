import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { PAGES, sendFlowEvent } from "~/flow.server";

/** Restart: logs out at Transmit, clears the flow, and goes back to signup. Only by POST. */
export async function action({ request }: ActionFunctionArgs) {
  const { flow, headers } = await sendFlowEvent(request, { type: "RESTART" });
  return redirect(PAGES[flow.state], { headers });
}

export function loader() {
  return redirect("/");
}
