import * as z from "zod/mini";
import type { FlowError } from "../machines/flow.machine";

/**
 * The flow's forms. The server validates with these schemas before anything reaches
 * Transmit; the pages check with the same ones in the browser, so the messages match.
 * The messages are written for the person filling the form in. Nothing here is secret:
 * this module is sent to the browser.
 */

// zod's mini build: its functions, unlike the classic build's methods, leave out of the page's script
// whatever no schema here uses (about 5 kB gzipped against 25). Before any schema is made: zod would
// otherwise try `new Function`, which the pages' CSP (no unsafe-eval) reports.
z.config({ jitless: true });

export const USERNAME_MAX = 64;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const username = z
  .string({ error: "Enter a username." })
  .check(z.trim(), z.minLength(1, "Enter a username."), z.maxLength(USERNAME_MAX, `Use at most ${USERNAME_MAX} characters.`));

// Passwords are used exactly as typed: never trimmed or changed.
export const newPassword = z
  .string({ error: "Enter a password." })
  .check(
    z.minLength(1, "Enter a password."),
    z.minLength(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`),
    z.maxLength(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
  );

const currentPassword = z
  .string({ error: "Enter your password." })
  .check(z.minLength(1, "Enter your password."), z.maxLength(PASSWORD_MAX, `Passwords have at most ${PASSWORD_MAX} characters.`));

export const loginForm = z.object({ username, password: currentPassword });

/** The SMS code; spaces and dashes (any kind a keyboard or a phone's copy makes) are dropped, leading zeros kept. */
export const codeForm = z.object({
  passcode: z
    .string({ error: "Enter the code from the SMS." })
    .check(
      z.overwrite((value) => value.replace(/[\s\p{Pd}]/gu, "")),
      z.minLength(1, "Enter the code from the SMS."),
      z.regex(/^\d{4,8}$/, "The code is the digits in the SMS."),
    ),
});

export type FieldErrors = Partial<Record<string, string>>;

/** A step's error, next to the field it concerns (or above the form). */
export function fieldErrorsOf(error: FlowError | null): FieldErrors {
  return error ? { [error.field ?? "form"]: error.message } : {};
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors };

export function validateForm<T>(schema: z.ZodMiniType<T>, form: FormData): FormResult<T> {
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
