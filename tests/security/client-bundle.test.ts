import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildIsStale, INSPECTOR_BUNDLE } from "../../scripts/build-freshness.ts";

const CLIENT_BUILD = path.resolve(import.meta.dirname, "../../public/build");

/** Strings only @statelyai/inspect's browser code holds: its handshake with the inspector window, its window's name and address. */
const INSPECTOR_MARKS = ["@statelyai.connected", "xstateinspector", "stately.ai/inspect"];

function scripts(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".js")).map((file) => path.join(folder, file));
}

beforeAll(() => {
  if (buildIsStale()) throw new Error("The build is missing or older than the sources: run `npm run build` first (npm test does).");
});

describe("the production client bundle", () => {
  it("holds no @statelyai/inspect: Remix's build never includes the inspector", () => {
    const files = scripts(CLIENT_BUILD);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      for (const mark of INSPECTOR_MARKS) expect(source.includes(mark), `${path.relative(CLIENT_BUILD, file)} holds ${mark}`).toBe(false);
    }
  });

  it("while the inspector's own bundle, served only with FLOW_INSPECTOR=on, does hold it", () => {
    const source = readFileSync(INSPECTOR_BUNDLE, "utf8");
    for (const mark of INSPECTOR_MARKS) expect(source).toContain(mark);
  });
});
