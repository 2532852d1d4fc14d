/**
 * The browser's flow inspector is a script of its own (app/inspector.client.ts, bundled by
 * scripts/build-inspector.ts), never part of Remix's client build: the server serves it
 * only with FLOW_INSPECTOR=on, and pages load it only then.
 */
export const INSPECTOR_PATH = "/inspector";
export const INSPECTOR_FILE = "flow-inspector.js";
export const INSPECTOR_SCRIPT = `${INSPECTOR_PATH}/${INSPECTOR_FILE}`;
