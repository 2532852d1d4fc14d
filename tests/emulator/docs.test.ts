import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EMULATOR_SETTINGS, emulatorConfigFromEnv } from "../../emulator/config.ts";

const doc = readFileSync(path.resolve(import.meta.dirname, "../../docs/emulator.md"), "utf8");
const defaults = emulatorConfigFromEnv({});

describe("docs/emulator.md, the one place the emulator's settings are documented", () => {
  it("names every setting", () => {
    for (const setting of EMULATOR_SETTINGS) expect(doc, setting).toContain(`\`${setting}\``);
  });

  it("gives each policy's real default", () => {
    const rows = [...doc.matchAll(/^\| `(EMULATOR_[A-Z_]+)` \| (\d+) \|/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const [, setting = "", documented = ""] of rows) {
      expect(emulatorConfigFromEnv({ [setting]: documented }), setting).toEqual(defaults);
    }
  });

  it("gives each switch's real default first", () => {
    const switches = [...doc.matchAll(/`(EMULATOR_[A-Z_]+)` \(`([^`]+)` \| `[^`]+`\)/g)];
    expect(switches).toHaveLength(7);
    for (const [, setting = "", first = ""] of switches) {
      expect(emulatorConfigFromEnv({ [setting]: first }), setting).toEqual(defaults);
    }
  });
});
