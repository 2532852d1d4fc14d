import { createWebSocketInspector } from "@statelyai/inspect";
import { config } from "./config.server";
import { log } from "./log.server";
import { redactInspection } from "./redact";

/**
 * With FLOW_INSPECTOR_WS, the server streams the real actors of every request (the
 * flow, restored from its cookie, and its Transmit calls) to a Stately inspector
 * server, such as `npm run inspector`; each request's actor shows as one actor there.
 */
function connect(url: string) {
  log.info({ event: "inspector.streaming", url });
  return createWebSocketInspector({ url, serialize: redactInspection });
}

const url = config().inspectorWebSocket;
export const serverInspector = url ? connect(url) : null;
