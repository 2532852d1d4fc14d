import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import { buildIsStale } from "../../scripts/build-freshness.ts";
import { createAppServer } from "../../server/app.ts";
import { appAt } from "../support/browser.ts";

export { appAt, Browser, location, type App } from "../support/browser.ts";

/** The built app behind its real HTTP server, on a free port, while it talks HTTP to the emulator. */
export async function loadApp() {
  // Testing an older build would pass or fail for the wrong reasons.
  if (buildIsStale()) throw new Error("The build is missing or older than the sources: run `npm run build` first (npm test does).");
  // @ts-expect-error The build is plain JavaScript made by `npm run build`.
  const build = (await import("../../build/index.js")) as ServerBuild;
  const listener = await new Promise<ReturnType<ReturnType<typeof createAppServer>["listen"]>>((resolve) => {
    const started = createAppServer(build).listen(0, "127.0.0.1", () => resolve(started));
  });
  return appAt(`http://127.0.0.1:${(listener.address() as AddressInfo).port}`);
}
