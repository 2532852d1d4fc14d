import { useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { consoleStep } from "~/flow-console";
import type { FlowTrace } from "~/flow-trail";
import { INSPECTOR_SCRIPT } from "~/inspector-script";
import type { FlowMirror } from "~/inspector.client";

type InspectorModule = { startFlowInspector: () => FlowMirror };

/** The step this tab logged last (by the flow's transition count), so that a page visit that moved nothing logs nothing twice. */
let loggedCount: number | null = null;

function logStep(trace: FlowTrace) {
  if (trace.count === loggedCount) return;
  loggedCount = trace.count;
  const { title, lines } = consoleStep(trace);
  console.groupCollapsed(title);
  for (const line of lines) console.log(line);
  console.groupEnd();
}

/**
 * After each page, the flow's trace from /flow.json: the step that led here goes to the
 * console, and, once started, to the Stately inspector's mirror. The inspector's script
 * is loaded only when the server offers it (FLOW_INSPECTOR=on), before the click, so that
 * the click itself can open the inspector's window.
 */
export function FlowDevtools({ inspector }: { inspector: boolean }) {
  const { key } = useLocation();
  const latest = useRef<FlowTrace | null>(null);
  const mirror = useRef<FlowMirror | null>(null);
  const [module, setModule] = useState<InspectorModule | null>(null);

  useEffect(() => {
    const request = new AbortController();
    fetch("/flow.json", { signal: request.signal, headers: { accept: "application/json" } })
      .then((response) => (response.ok ? (response.json() as Promise<FlowTrace>) : null))
      .then((trace) => {
        if (!trace) return;
        latest.current = trace;
        logStep(trace);
        mirror.current?.show(trace);
      })
      .catch(() => undefined);
    return () => request.abort();
  }, [key]);

  useEffect(() => {
    if (!inspector) return;
    // A variable, so that Remix's bundler leaves the script out of its build.
    const script: string = INSPECTOR_SCRIPT;
    import(script).then((loaded: InspectorModule) => setModule(loaded), () => undefined);
  }, [inspector]);

  if (!inspector) return null;
  const start = () => {
    if (!module || mirror.current) return;
    mirror.current = module.startFlowInspector();
    if (latest.current) mirror.current.show(latest.current);
  };
  return (
    <button type="button" className="link inspector-button" onClick={start} disabled={!module}>
      Open the Stately inspector
    </button>
  );
}
