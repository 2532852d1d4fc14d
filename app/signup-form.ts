import * as z from "zod/mini";
import { newPassword, username } from "./forms";

// Apart from the other forms (app/forms.ts): the phone number is read with libphonenumber-js's metadata,
// which the signup page fetches only once the form is in use (app/components/phone-field.tsx).

/** A typed phone number's E.164 form, or null when it is not a valid one. */
export type PhoneNumberReader = (typed: string) => string | null;

const INVALID_PHONE_NUMBER = "Enter a valid phone number, such as +1 201 555 0123.";

/** A phone number, normalised to E.164 by `read`; without it, only checked to be there. */
function phoneNumber(read: PhoneNumberReader | undefined) {
  const entered = z.string({ error: "Enter your phone number." }).check(z.trim(), z.minLength(1, "Enter your phone number."));
  if (!read) return entered;
  return z.pipe(
    entered,
    z.transform((typed: string, payload) => {
      const e164 = read(typed);
      if (e164) return e164;
      payload.issues.push({ code: "custom", message: INVALID_PHONE_NUMBER, input: typed });
      return z.NEVER;
    }),
  );
}

/**
 * Username, new password and phone number. The server always reads the number (it comes out in
 * E.164); the browser does once it has the metadata, and until then leaves the number to the server.
 */
export function signupForm(readPhoneNumber?: PhoneNumberReader) {
  return z.object({ username, password: newPassword, phoneNumber: phoneNumber(readPhoneNumber) });
}
