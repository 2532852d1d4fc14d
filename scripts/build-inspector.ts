/**
 * Bundles the browser's flow inspector (app/inspector.client.ts) on its own, into
 * build/inspector/, beside Remix's build and never in it: Remix's client bundle stays
 * free of @statelyai/inspect, and the server serves this one only with FLOW_INSPECTOR=on.
 * `npm run build` runs it after `remix build`, with the esbuild that Remix's compiler uses.
 */
import path from "node:path";
import { build } from "esbuild";
import { INSPECTOR_BUNDLE } from "./build-freshness.ts";

const root = path.resolve(import.meta.dirname, "..");

await build({
  entryPoints: [path.join(root, "app", "inspector.client.ts")],
  outfile: INSPECTOR_BUNDLE,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  logLevel: "warning",
});
