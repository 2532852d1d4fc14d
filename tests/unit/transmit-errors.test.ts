import { describe, expect, it } from "vitest";
import { parseErrorBody } from "~/transmit/errors.server";

describe("Transmit error bodies", () => {
  it.each([
    ["a message array with a numeric error_code", { message: ["phone_number must be a valid phone number"], error_code: 400 }, null, ["phone_number must be a valid phone number"]],
    ["a string error_code", { error_code: "auth_invalid_credentials", message: "Invalid credentials" }, "auth_invalid_credentials", ["Invalid credentials"]],
    ["a numeric string error_code", { error_code: "400", message: "Session not found" }, null, ["Session not found"]],
    ["a ts_error_code beside a numeric one", { message: "Username already exists", error_code: 409, ts_error_code: "identifier_taken" }, "identifier_taken", ["Username already exists"]],
    ["OAuth's error and error_description", { error: "invalid_client", error_description: "client authentication failed" }, "invalid_client", ["client authentication failed"]],
    ["extra fields", { message: "temporary_password", error_code: 403, reset_token: "x", more: { deep: true } }, null, ["temporary_password"]],
  ])("reads %s", (_, body, code, details) => {
    expect(parseErrorBody("/x", 400, JSON.stringify(body))).toMatchObject({ status: 400, code, details });
  });

  it.each(["", "<html>502</html>", "null", "42", '"text"', "[1,2]"])("never throws on the body %j", (text) => {
    expect(parseErrorBody("/x", 400, text)).toMatchObject({ status: 400, code: null, details: [] });
  });
});
