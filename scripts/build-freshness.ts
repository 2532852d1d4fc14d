import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { INSPECTOR_FILE } from "../app/inspector-script.ts";

const root = path.resolve(import.meta.dirname, "..");

/** The browser's flow inspector, bundled apart from Remix's build (scripts/build-inspector.ts). */
export const INSPECTOR_BUNDLE = path.join(root, "build", "inspector", INSPECTOR_FILE);

/** True when there is no server build or inspector bundle, or a source changed after the build was made. */
export function buildIsStale(): boolean {
  const built = path.join(root, "build", "index.js");
  if (!existsSync(built) || !existsSync(INSPECTOR_BUNDLE)) return true;
  const builtAt = statSync(built).mtimeMs;
  return ["app", "machines", "remix.config.js"].some((entry) => newestChange(path.join(root, entry)) > builtAt);
}

function newestChange(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}
