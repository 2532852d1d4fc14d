import type { FlowChart } from "~/flow-chart.server";

/**
 * The statechart as SVG, from the layout the server made: a state the person waits in
 * is a box, a state calling Transmit is rounded; the current state is highlighted.
 */
export function FlowChartSvg({ chart, current }: { chart: FlowChart; current: string }) {
  return (
    <svg className="flow-chart" viewBox={`0 0 ${chart.width} ${chart.height}`} width={chart.width} role="img" aria-labelledby="flow-chart-title">
      <title id="flow-chart-title">{`The flow's statechart; the flow is at ${current}`}</title>
      <defs>
        <marker id="flow-chart-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
          <path d="M0,0 L8,4 L0,8 z" />
        </marker>
      </defs>
      {chart.edges.map((edge) => (
        <g key={`${edge.from}>${edge.to}`} className="transition">
          <path d={edge.path} markerEnd="url(#flow-chart-arrow)" />
          <text x={edge.labelX} y={edge.labelY}>
            {edge.label}
          </text>
        </g>
      ))}
      {chart.states.map((state) => (
        <g
          key={state.id}
          className={`state${state.awaitsUser ? " awaits-user" : ""}`}
          data-state={state.id}
          aria-current={state.id === current ? "true" : undefined}
        >
          <title>{`${state.id}: ${state.awaitsUser ? "waits for the person" : `calls Transmit (${state.invokes})`}${state.id === current ? ", the current state" : ""}`}</title>
          <rect x={state.x} y={state.y} width={state.width} height={state.height} rx={state.awaitsUser ? 4 : state.height / 2} />
          <text x={state.x + state.width / 2} y={state.y + state.height / 2 + 4} textAnchor="middle">
            {state.id}
          </text>
        </g>
      ))}
    </svg>
  );
}
