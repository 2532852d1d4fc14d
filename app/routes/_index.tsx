import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { PAGES, readFlow } from "~/flow.server";

/** `/` goes to the current step; a new visitor starts at signup. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { flow, headers } = await readFlow(request);
  return redirect(PAGES[flow.state], { headers });
}
