import { describe, expect, it } from "vitest";
import { codeForm, loginForm, validateForm } from "~/forms";
import { maskPhoneNumber, phoneNumberNote, phoneNumberReader } from "~/phone";
import { signupForm } from "~/signup-form";

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const INVALID_PHONE = "Enter a valid phone number, such as +1 201 555 0123.";

function signUpWith(phoneNumber: string, defaultCountry = "US") {
  return validateForm(signupForm(phoneNumberReader(defaultCountry)), form({ username: "alice", password: "long-enough", phoneNumber }));
}

describe("the phone number", () => {
  it.each([
    // International: the + and the country code decide, whatever the default country.
    ["international", "+1 201 555 0123", "US", "+12015550123"],
    ["international with dashes", "+1-201-555-0123", "GB", "+12015550123"],
    ["international, another country", "+44 7911 123456", "US", "+447911123456"],
    ["international, French", "+33 6 12 34 56 78", "US", "+33612345678"],
    ["international, German landline", "+49 30 12345678", "FR", "+493012345678"],
    ["international with 00", "00 44 7911 123456", "FR", "+447911123456"],
    ["international with 011 from the US", "011 44 7911 123456", "US", "+447911123456"],
    ["international, surrounding spaces", "  +12015550123  ", "US", "+12015550123"],
    // National: read in the default country.
    ["national, US with brackets", "(201) 555-0123", "US", "+12015550123"],
    ["national, US with dots", "201.555.0123", "US", "+12015550123"],
    ["national, US with the trunk 1", "1 201 555 0123", "US", "+12015550123"],
    ["national, UK mobile", "07911 123456", "GB", "+447911123456"],
    ["national, UK landline", "020 7946 0958", "GB", "+442079460958"],
    ["national, French mobile", "06 12 34 56 78", "FR", "+33612345678"],
    ["national, German landline", "030 12345678", "DE", "+493012345678"],
    ["national, Japanese mobile", "090-1234-5678", "JP", "+819012345678"],
  ])("takes a number, %s: %s (default %s) as %s, and says so", (_kind, typed, defaultCountry, e164) => {
    expect(signUpWith(typed, defaultCountry)).toEqual({ ok: true, value: { username: "alice", password: "long-enough", phoneNumber: e164 } });
    // The note on the page names the very number the server will send to Transmit.
    expect(phoneNumberNote(typed, defaultCountry)?.replace(/[^+\d]/g, "")).toBe(e164);
  });

  it.each([
    ["too short", "12345", "US"],
    ["a US number too short", "555-0123", "US"],
    ["a UK national number read in the US", "07911 123456", "US"],
    ["a US area code that does not exist", "+1 555 0123", "US"],
    ["one digit too few", "+44 7911 12345", "US"],
    ["too long", "+1 201 555 0123 456", "US"],
    ["no country has the code", "+99 1234 5678", "US"],
    ["a number that is no number", "0911 123456", "GB"],
    ["letters", "not a number", "US"],
    ["an extension, which no SMS reaches", "+1 201 555 0123 ext. 5", "US"],
  ])("refuses a number %s: %s (default %s), and names none", (_kind, typed, defaultCountry) => {
    expect(signUpWith(typed, defaultCountry)).toEqual({ ok: false, fieldErrors: { phoneNumber: INVALID_PHONE } });
    expect(phoneNumberNote(typed, defaultCountry)).toBeUndefined();
  });

  it.each([
    ["+1 201 555 0123", "US", "Codes will go to +1 201 555 0123."],
    ["(201) 555-0123", "US", "Codes will go to +1 201 555 0123."],
    ["07911 123456", "GB", "Codes will go to +44 7911 123456."],
    ["+12015550123", "GB", "Codes will go to +1 201 555 0123."],
    ["201 555", "US", undefined],
    ["", "US", undefined],
  ])("says which number %j (default %s) will be used: %s", (typed, defaultCountry, note) => {
    expect(phoneNumberNote(typed, defaultCountry)).toBe(note);
  });

  it("masks all but the last four digits", () => {
    expect(maskPhoneNumber("+12015550123")).toBe("+1 ••• ••• 0123");
    expect(maskPhoneNumber("+447911123456")).toBe("+44 •••• ••3456");
  });
});

describe("the SMS code", () => {
  it.each([
    ["six digits", "123456", "123456"],
    ["a space in the middle", "123 456", "123456"],
    ["a dash in the middle", "123-456", "123456"],
    ["an en dash, as phones copy it", "123–456", "123456"],
    ["spaces around", " 123456 ", "123456"],
    ["a tab and a no-break space", "12\t34\u00a056", "123456"],
    ["spaces and dashes mixed", "1 2-3 4-5 6", "123456"],
    ["a leading zero", "012345", "012345"],
    ["leading zeros and spaces", " 001 234 ", "001234"],
    ["all zeros", "000000", "000000"],
    ["four digits, the shortest", "0123", "0123"],
    ["eight digits, the longest", "0123-4567", "01234567"],
  ])("accepts %s: %j as %s", (_kind, typed, passcode) => {
    expect(validateForm(codeForm, form({ passcode: typed }))).toEqual({ ok: true, value: { passcode } });
  });

  it.each([
    ["nothing", "", "Enter the code from the SMS."],
    ["only spaces and dashes", " - - ", "Enter the code from the SMS."],
    ["letters", "abc123", "The code is the digits in the SMS."],
    ["too short", "12", "The code is the digits in the SMS."],
    ["too long", "123456789", "The code is the digits in the SMS."],
    ["a dot", "123.456", "The code is the digits in the SMS."],
    ["other digits than 0-9", "١٢٣٤٥٦", "The code is the digits in the SMS."],
  ])("refuses %s: %j", (_kind, typed, message) => {
    expect(validateForm(codeForm, form({ passcode: typed }))).toEqual({ ok: false, fieldErrors: { passcode: message } });
  });
});

describe("the signup form before the browser has the phone metadata", () => {
  const beforeMetadata = signupForm();

  it("checks that a number is there and leaves reading it to the server", () => {
    expect(validateForm(beforeMetadata, form({ username: "alice", password: "long-enough", phoneNumber: "  " }))).toEqual({
      ok: false,
      fieldErrors: { phoneNumber: "Enter your phone number." },
    });
    expect(validateForm(beforeMetadata, form({ username: "alice", password: "long-enough", phoneNumber: " 12345 " }))).toEqual({
      ok: true,
      value: { username: "alice", password: "long-enough", phoneNumber: "12345" },
    });
  });
});

describe("the other fields", () => {
  const signup = signupForm(phoneNumberReader("US"));

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
});
