import { describe, expect, it } from "vitest";
import { explain, TRANSMIT_UNAVAILABLE, type Step } from "~/step-errors.server";
import { TransmitError } from "~/transmit/errors.server";

/** Every answer of Transmit a step can meet (docs/emulator.md), and what the person reads. */
const rows: [Step, string, TransmitError, { message: string | RegExp; field?: string; sessionEnded?: true }][] = [
  ["signup", "taken username", new TransmitError("/cis/v1/users", 409, "identifier_taken", ["Username already exists"]), { message: /That username is taken/, field: "username" }],
  ["signup", "phone not E.164", new TransmitError("/cis/v1/users", 400, null, ["phone_number must be a valid phone number"]), { message: /did not accept this phone number/, field: "phoneNumber" }],
  ["signup", "password policy", new TransmitError("/cis/v1/users", 400, null, ["password must be at least 14 characters long"]), { message: "Transmit did not accept this password: password must be at least 14 characters long", field: "password" }],
  ["signup", "missing fields", new TransmitError("/cis/v1/users", 400, null, ["An email or a phone_number are required"]), { message: "Transmit did not accept this: An email or a phone_number are required" }],
  ["signup", "missing bearer token", new TransmitError("/cis/v1/users", 401, null, ["Invalid token"]), { message: TRANSMIT_UNAVAILABLE }],
  ["login", "wrong password", new TransmitError("/cis/v1/auth/password/authenticate", 401, "auth_invalid_credentials", ["Invalid credentials"]), { message: "The username or password is not right.", field: "password" }],
  ["login", "password lockout", new TransmitError("/cis/v1/auth/password/authenticate", 403, "auth_locked", ["User is locked"]), { message: /locked for a while/ }],
  ["login", "temporary password", new TransmitError("/cis/v1/auth/password/authenticate", 403, null, ["temporary_password"]), { message: /temporary password/ }],
  ["send-code", "unknown user", new TransmitError("/cis/v1/auth/otp/send", 404, "user_not_found", ["User not found"]), { message: /no longer knows this account/ }],
  ["send-code", "no phone", new TransmitError("/cis/v1/auth/otp/send", 404, "user_phone_number_missing", ["User has no phone number"]), { message: /no phone number/ }],
  ["send-code", "locked", new TransmitError("/cis/v1/auth/otp/send", 403, "auth_locked", ["One time code invalid"]), { message: /new codes are blocked for a while. Wait, then start over/ }],
  ["verify-code", "wrong code", new TransmitError("/cis/v1/auth/otp/authenticate", 400, "auth_invalid_credentials", ["Invalid passcode"]), { message: /That code is not right/, field: "passcode" }],
  ["verify-code", "expired code", new TransmitError("/cis/v1/auth/otp/authenticate", 400, "auth_otp_passcode_expired", ["Passcode expired"]), { message: /expired. Send a new code/, field: "passcode" }],
  ["verify-code", "too many failures", new TransmitError("/cis/v1/auth/otp/authenticate", 403, "auth_locked", ["One time code invalid due to multiple failed attempts"]), { message: /no longer works/ }],
  ["verify-code", "unknown session (spec code)", new TransmitError("/cis/v1/auth/otp/authenticate", 400, "system_invalid_input", ["Session not found"]), { message: /session at Transmit has ended/, sessionEnded: true }],
  ["verify-code", "unknown session (guessed code)", new TransmitError("/cis/v1/auth/otp/authenticate", 400, "auth_session_not_found", ["Session not found"]), { message: /session at Transmit has ended/, sessionEnded: true }],
  ["logout", "rate limited body", new TransmitError("/cis/v1/auth/session/logout", 400, null, []), { message: "Transmit did not accept this request. Please try again." }],
];

describe("what the person reads when Transmit turns a step down", () => {
  it.each(rows)("%s: %s", (step, _, error, expected) => {
    const explained = explain(step, error);
    expect(explained.message).toMatch(expected.message);
    expect(explained.field).toBe(expected.field);
    expect(explained.sessionEnded).toBe(expected.sessionEnded);
  });

  it("keeps Transmit's words short", () => {
    const long = new TransmitError("/cis/v1/users", 400, null, ["x".repeat(5_000)]);
    expect(explain("signup", long).message.length).toBeLessThan(300);
  });
});
