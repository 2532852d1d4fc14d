import { describe, expect, it } from "vitest";
import { codeForm, loginForm, maskPhoneNumber, signupForm, validateForm } from "~/forms";

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const signup = signupForm("US");

describe("forms", () => {
  it.each([
    ["+1 201 555 0123", "+12015550123"],
    ["(201) 555-0123", "+12015550123"],
    ["201.555.0123", "+12015550123"],
    ["+44 7911 123456", "+447911123456"],
    ["+33 6 12 34 56 78", "+33612345678"],
  ])("normalises the phone number %s to %s", (typed, e164) => {
    const result = validateForm(signup, form({ username: "alice", password: "long-enough", phoneNumber: typed }));
    expect(result).toEqual({ ok: true, value: { username: "alice", password: "long-enough", phoneNumber: e164 } });
  });

  it.each(["12345", "+1 555 0123", "not a number", "+99 1234 5678"])("rejects the phone number %s", (typed) => {
    const result = validateForm(signup, form({ username: "alice", password: "long-enough", phoneNumber: typed }));
    expect(result).toEqual({ ok: false, fieldErrors: { phoneNumber: "Enter a valid phone number, such as +1 201 555 0123." } });
  });

  it("reads national numbers with the configured country", () => {
    const result = validateForm(signupForm("GB"), form({ username: "alice", password: "long-enough", phoneNumber: "07911 123456" }));
    expect(result).toMatchObject({ ok: true, value: { phoneNumber: "+447911123456" } });
  });

  it("gives each empty signup field its own message", () => {
    expect(validateForm(signup, form({}))).toEqual({
      ok: false,
      fieldErrors: { username: "Enter a username.", password: "Enter a password.", phoneNumber: "Enter your phone number." },
    });
  });

  it("keeps passwords exactly as typed, from 8 to 128 characters", () => {
    const padded = "  spaced password  ";
    expect(validateForm(loginForm, form({ username: " alice ", password: padded }))).toEqual({ ok: true, value: { username: "alice", password: padded } });
    expect(validateForm(signup, form({ username: "a", password: "1234567", phoneNumber: "+12015550123" }))).toMatchObject({ ok: false, fieldErrors: { password: "Use at least 8 characters." } });
    expect(validateForm(signup, form({ username: "a", password: "x".repeat(128), phoneNumber: "+12015550123" }))).toMatchObject({ ok: true });
    expect(validateForm(signup, form({ username: "a", password: "x".repeat(129), phoneNumber: "+12015550123" }))).toMatchObject({ ok: false });
  });

  it.each([
    ["123456", "123456"],
    ["123 456", "123456"],
    ["123-456", "123456"],
    [" 012 345 ", "012345"],
  ])("accepts the code %j as %s", (typed, passcode) => {
    expect(validateForm(codeForm, form({ passcode: typed }))).toEqual({ ok: true, value: { passcode } });
  });

  it.each(["", "abc123", "12", "123456789"])("rejects the code %j", (typed) => {
    expect(validateForm(codeForm, form({ passcode: typed }))).toMatchObject({ ok: false, fieldErrors: { passcode: expect.any(String) } });
  });

  it("masks all but the last four digits of a phone number", () => {
    expect(maskPhoneNumber("+12015550123")).toBe("+1 ••• ••• 0123");
    expect(maskPhoneNumber("+447911123456")).toBe("+44 •••• ••3456");
  });
});
