import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from "libphonenumber-js/max";
import type { PhoneNumberReader } from "./signup-form";

// Phone numbers, read and shown with libphonenumber-js's full metadata, on the server and in the browser alike
// (where the signup page imports this module once its form is in use: the metadata is about 50 kB gzipped).

/**
 * The number typed in national (read in `defaultCountry`) or international form, or null
 * when it is not a valid one. An extension is refused: no SMS reaches one.
 */
export function readPhoneNumber(typed: string, defaultCountry: string): PhoneNumber | null {
  const parsed = parsePhoneNumberFromString(typed.trim(), defaultCountry as CountryCode);
  return parsed?.isValid() && !parsed.ext ? parsed : null;
}

/** The signup form's reader of numbers typed in `defaultCountry`. */
export function phoneNumberReader(defaultCountry: string): PhoneNumberReader {
  return (typed) => readPhoneNumber(typed, defaultCountry)?.number ?? null;
}

/** What the signup page says it will use for a typed number, or nothing while the number is not a valid one. */
export function phoneNumberNote(typed: string, defaultCountry: string): string | undefined {
  const phone = readPhoneNumber(typed, defaultCountry);
  return phone ? `Codes will go to ${phone.formatInternational()}.` : undefined;
}

/** "+12015550123" → "+1 ••• ••• 0123": enough to recognise the phone, not to learn the number. */
export function maskPhoneNumber(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return "•••";
  const international = parsed.formatInternational();
  const prefix = `+${parsed.countryCallingCode}`;
  let visible = 4;
  const rest = [...international.slice(prefix.length)]
    .reverse()
    .map((char) => (/\d/.test(char) ? (visible-- > 0 ? char : "•") : char))
    .reverse()
    .join("");
  return prefix + rest;
}
