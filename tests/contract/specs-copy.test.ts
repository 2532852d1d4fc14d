import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHARED_SPECS_DIR, SPECS, VENDORED_SPECS_DIR } from "../../scripts/transmit-specs.ts";

describe("the specs copied into openapi/transmit", () => {
  it.skipIf(!existsSync(SHARED_SPECS_DIR))("are the shared ones, byte for byte", () => {
    for (const { file } of Object.values(SPECS)) {
      expect(readFileSync(path.join(VENDORED_SPECS_DIR, file), "utf8"), file).toBe(readFileSync(path.join(SHARED_SPECS_DIR, file), "utf8"));
    }
  });

  it("are all there", () => {
    for (const { file } of Object.values(SPECS)) expect(existsSync(path.join(VENDORED_SPECS_DIR, file)), file).toBe(true);
  });
});
