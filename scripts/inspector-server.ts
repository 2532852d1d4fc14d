/**
 * `npm run inspector`: the Stately inspector's local WebSocket server. Start the app with
 * FLOW_INSPECTOR_WS=ws://localhost:8080 (INSPECTOR_PORT changes the port) and open the
 * printed page: it embeds the inspector from stately.ai and shows the server's actors.
 */
import { createInspectorServer } from "@statelyai/inspect/server";

const port = Number(process.env.INSPECTOR_PORT ?? 8080);
const server = createInspectorServer({ port, autoOpen: false });
console.log(`inspector │ open http://localhost:${port} and start the app with FLOW_INSPECTOR_WS=ws://localhost:${port}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => (server.stop(), process.exit(0)));
