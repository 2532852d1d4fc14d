/** The production server: `tsx server/index.ts`, as `npm start` runs it. */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { config } from "../app/config.server.ts";
import { log } from "../app/log.server.ts";
import { createAppServer } from "./app.ts";

const build = (await import(pathToFileURL(path.resolve(import.meta.dirname, "../build/index.js")).href)) as ServerBuild;
const port = config().port;
const listener = createAppServer(build).listen(port, () => log.info({ event: "server.started", url: `http://localhost:${port}` }));
listener.once("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EADDRINUSE") throw error;
  console.error(`Port ${port} is in use, so the app cannot start. Stop what uses it, or set PORT.`);
  process.exit(1);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => listener.close(() => process.exit(0)));
}
