import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FlowChartSvg } from "~/components/flow-chart";
import { flowChart } from "~/flow-chart.server";
import { PAGES, readFlow } from "~/flow.server";
import { trailTransitions } from "~/flow-trail";

export const meta: MetaFunction = () => [{ title: "The flow's statechart · Transmit MFA" }];

/** The statechart drawn from the machine's definition, where this flow is in it, and the events it went through. Reading it never moves the flow on, beyond a deadline that has passed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { flow, headers } = await readFlow(request);
  return json({ chart: await flowChart(), state: flow.state, page: PAGES[flow.state], transitions: trailTransitions(flow.trail), count: flow.trail.count }, { headers });
}

export default function Flow() {
  const { chart, state, page, transitions, count } = useLoaderData<typeof loader>();
  const dropped = count - transitions.length;
  return (
    <>
      <h1>The flow's statechart</h1>
      <p>
        Drawn from the definition in <code>machines/flow.machine.ts</code>, so it is always the machine the server runs. Boxes wait for
        the person; rounded states call Transmit. Your flow is at <strong className="badge">{state}</strong>.{" "}
        <Link to={page}>Back to that step</Link>
      </p>
      <div className="flow-chart-frame">
        <FlowChartSvg chart={chart} current={state} />
      </div>
      <h2>Events so far</h2>
      {transitions.length === 0 ? (
        <p>None yet: this flow has just started.</p>
      ) : (
        <>
          {dropped > 0 ? <p className="hint">{`The first ${dropped} are no longer kept.`}</p> : null}
          <ol className="flow-events" start={dropped + 1} aria-label="Events so far">
            {transitions.map(({ from, event, to }, index) => (
              <li key={index}>
                <code>{event}</code>: {from} → {to}
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
