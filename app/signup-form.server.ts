import { config } from "./config.server";
import { validateForm, type FormResult } from "./forms";
import type { FieldNotes } from "./flow.server";
import { phoneNumberNote, phoneNumberReader } from "./phone";
import { signupForm } from "./signup-form";

// On the server only: a route module importing app/phone.ts for its action would put the phone
// metadata in the signup page's first script, which fetches it only once the form is in use.

type SignupValues = { username: string; password: string; phoneNumber: string };

let schema: ReturnType<typeof signupForm> | undefined;

/**
 * A posted signup form: the validated values (the phone number in E.164, read in the configured
 * default country), the non-secret input to show again if the step fails, and the number the page
 * will say it is taken as. The schema is built once: the country is fixed by the configuration.
 */
export function readSignupForm(form: FormData): { signup: FormResult<SignupValues>; fields: Record<string, string>; notes: FieldNotes } {
  const { defaultPhoneCountry } = config();
  schema ??= signupForm(phoneNumberReader(defaultPhoneCountry));
  const fields = { username: String(form.get("username") ?? ""), phoneNumber: String(form.get("phoneNumber") ?? "") };
  return {
    signup: validateForm(schema, form),
    fields,
    notes: { phoneNumber: phoneNumberNote(fields.phoneNumber, defaultPhoneCountry) },
  };
}
