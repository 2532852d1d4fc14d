import ELK, { type ElkExtendedEdge, type ElkNode } from "elkjs/lib/elk.bundled.js";
import { AWAITING_USER, flowMachine } from "../machines/flow.machine";
import { machineGraph, type GraphEdge, type GraphState } from "./flow-graph";

/**
 * The flow's statechart laid out by ELK (layered), for the /flow page to draw as SVG on
 * the server: no script, no network. Laid out once, from the definition itself.
 */
export type ChartState = GraphState & { x: number; y: number; width: number; height: number };
export type ChartEdge = GraphEdge & { path: string; labelX: number; labelY: number };
export type FlowChart = { width: number; height: number; states: ChartState[]; edges: ChartEdge[] };

/** The chart's text is monospace (styles.css), so its width follows from its length. */
export const CHART_FONT_PX = 12;
const CHAR_WIDTH = CHART_FONT_PX * 0.62;
const STATE_HEIGHT = 36;
const MARGIN = 8;

const textWidth = (text: string) => Math.ceil(text.length * CHAR_WIDTH);
const round = (value = 0) => Math.round(value * 10) / 10;

async function layout(): Promise<FlowChart> {
  const { states, edges } = machineGraph(flowMachine, AWAITING_USER);
  const graph: ElkNode = {
    id: "flow",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.edgeRouting": "ORTHOGONAL",
      // The definition lists the states in the order a person meets them: so do the layers.
      "elk.layered.cycleBreaking.strategy": "MODEL_ORDER",
      "elk.edgeLabels.inline": "false",
      "elk.spacing.edgeLabel": "2",
      "elk.layered.spacing.nodeNodeBetweenLayers": "40",
      "elk.spacing.nodeNode": "40",
      "elk.padding": `[top=${MARGIN},left=${MARGIN},bottom=${MARGIN},right=${MARGIN}]`,
    },
    children: states.map((state) => ({ id: state.id, width: textWidth(state.id) + 28, height: STATE_HEIGHT })),
    edges: edges.map((edge, index) => ({
      id: `edge-${index}`,
      sources: [edge.from],
      targets: [edge.to],
      labels: [{ text: edge.label, width: textWidth(edge.label), height: CHART_FONT_PX + 2 }],
    })),
  };
  const laidOut = await new ELK().layout(graph);
  const placed = new Map((laidOut.children ?? []).map((node: ElkNode) => [node.id, node]));
  return {
    width: Math.ceil(laidOut.width ?? 0),
    height: Math.ceil(laidOut.height ?? 0),
    states: states.map((state) => {
      const { x, y, width, height } = placed.get(state.id) ?? {};
      return { ...state, x: round(x), y: round(y), width: round(width), height: round(height) };
    }),
    edges: edges.map((edge, index) => {
      const laid = (laidOut.edges ?? [])[index] as ElkExtendedEdge;
      const points = (laid.sections ?? []).flatMap((section) => [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]);
      const label = laid.labels?.[0] ?? {};
      return {
        ...edge,
        path: points.map((point, at) => `${at === 0 ? "M" : "L"}${round(point.x)},${round(point.y)}`).join(" "),
        labelX: round(label.x),
        labelY: round(label.y) + CHART_FONT_PX,
      };
    }),
  };
}

let chart: Promise<FlowChart> | undefined;

export function flowChart(): Promise<FlowChart> {
  chart ??= layout();
  return chart;
}
