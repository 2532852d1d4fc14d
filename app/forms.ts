import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { z } from "zod";
import type { FlowError } from "../machines/flow.machine";

/**
 * The flow's forms. The server validates with these schemas before anything reaches
 * Transmit; the messages are written for the person filling the form in.
 */

export const USERNAME_MAX = 64;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const username = z
  .string({ error: "Enter a username." })
  .trim()
  .min(1, "Enter a username.")
  .max(USERNAME_MAX, `Use at most ${USERNAME_MAX} characters.`);

// Passwords are used exactly as typed: never trimmed or changed.
const newPassword = z
  .string({ error: "Enter a password." })
  .min(1, "Enter a password.")
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

const currentPassword = z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(PASSWORD_MAX, `Passwords have at most ${PASSWORD_MAX} characters.`);

/** A phone number in national or international form, normalised to E.164. */
export function phoneNumber(defaultCountry: string) {
  return z
    .string({ error: "Enter your phone number." })
    .trim()
    .min(1, "Enter your phone number.")
    .transform((value, context) => {
      const parsed = parsePhoneNumberFromString(value, defaultCountry as CountryCode);
      if (!parsed?.isValid()) {
        context.addIssue({ code: "custom", message: "Enter a valid phone number, such as +1 201 555 0123." });
        return z.NEVER;
      }
      return parsed.number;
    });
}

export function signupForm(defaultCountry: string) {
  return z.object({ username, password: newPassword, phoneNumber: phoneNumber(defaultCountry) });
}

export const loginForm = z.object({ username, password: currentPassword });

/** The SMS code; spaces and dashes people type are dropped, leading zeros kept. */
export const codeForm = z.object({
  passcode: z
    .string({ error: "Enter the code from the SMS." })
    .transform((value) => value.replace(/[\s-]/g, ""))
    .pipe(z.string().min(1, "Enter the code from the SMS.").regex(/^\d{4,8}$/, "The code is the digits in the SMS.")),
});

export type FieldErrors = Partial<Record<string, string>>;

/** A step's error, next to the field it concerns (or above the form). */
export function fieldErrorsOf(error: FlowError | null): FieldErrors {
  return error ? { [error.field ?? "form"]: error.message } : {};
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors };

export function validateForm<T>(schema: z.ZodType<T>, form: FormData): FormResult<T> {
  // The first value of each field, as FormData.get reads it everywhere else: a repeated field cannot smuggle another.
  const fields = Object.fromEntries([...new Set(form.keys())].map((name) => [name, form.get(name)]).filter(([, value]) => typeof value === "string"));
  const result = schema.safeParse(fields);
  if (result.success) return { ok: true, value: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    fieldErrors[field] ??= issue.message;
  }
  return { ok: false, fieldErrors };
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
