import * as z from "zod";
import { newPassword, username } from "./forms";
import { readPhoneNumber } from "./phone";

// Apart from the other forms (app/forms.ts) so that only the signup page's script carries the phone number metadata.

/** A phone number in national or international form, normalised to E.164. */
function phoneNumber(defaultCountry: string) {
  return z
    .string({ error: "Enter your phone number." })
    .trim()
    .min(1, "Enter your phone number.")
    .transform((value, context) => {
      const parsed = readPhoneNumber(value, defaultCountry);
      if (!parsed) {
        context.addIssue({ code: "custom", message: "Enter a valid phone number, such as +1 201 555 0123." });
        return z.NEVER;
      }
      return parsed.number;
    });
}

/** Username, new password and phone number; the phone number comes out in E.164. */
export function signupForm(defaultCountry: string) {
  return z.object({ username, password: newPassword, phoneNumber: phoneNumber(defaultCountry) });
}
