import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// What the browser downloads: the client build that `npm test` makes before Vitest runs.
const BUILD = path.resolve("public/build");
const scripts = readdirSync(BUILD, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".js"))
  .map((file) => ({ file, text: readFileSync(path.join(BUILD, file), "utf8") }));

describe("the browser's scripts", () => {
  it("carry the form schemas, for the same messages as the server's", () => {
    const all = scripts.map(({ text }) => text).join("\n");
    for (const message of ["Enter a username.", "Enter your password.", "The code is the digits in the SMS.", "Enter a valid phone number, such as +1 201 555 0123."]) {
      expect(all).toContain(message);
    }
  });

  it("hold no secret and no server setting: the shared form modules import nothing of the server", () => {
    expect(scripts.length).toBeGreaterThan(5);
    for (const { file, text } of scripts) {
      for (const secret of ["emulator-client-secret", "TRANSMIT_CLIENT_SECRET", "TS_CLIENT_SECRET", "SESSION_SECRET", "REDIS_URL", "client_secret", "sessionSecrets"]) {
        expect(text, `${secret} in ${file}`).not.toContain(secret);
      }
    }
  });
});
