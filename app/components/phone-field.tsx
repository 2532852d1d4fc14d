import { useState } from "react";
import { phoneNumberNote } from "~/phone";
import { FormField } from "./form-field";

type PhoneFieldProps = { defaultCountry: string; defaultValue?: string; error?: string };

/** The phone number, national (in the default country) or international, with the number it will be taken as. */
export function PhoneField({ defaultCountry, defaultValue = "", error }: PhoneFieldProps) {
  const [typed, setTyped] = useState(defaultValue);
  return (
    <FormField
      name="phoneNumber"
      label="Phone number"
      type="tel"
      autoComplete="tel"
      required
      defaultValue={defaultValue}
      onChange={(event) => setTyped(event.currentTarget.value)}
      error={error}
      hint={`Such as +1 201 555 0123. Without a + country code, it is read as a ${defaultCountry} number.`}
      note={error ? undefined : phoneNumberNote(typed, defaultCountry)}
    />
  );
}
