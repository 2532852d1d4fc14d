import { useCallback, useRef, useState } from "react";
import { FormField } from "./form-field";

type PhoneNumbers = typeof import("~/phone");

/**
 * libphonenumber-js and its metadata in the browser, imported the first time `load` is called:
 * the signup form calls it once it is in use, so that a first visit's script is without the
 * metadata's 50 kB (gzipped). Null until then, and after a failed import: the server reads
 * every number anyway.
 */
export function usePhoneNumbers(): { phoneNumbers: PhoneNumbers | null; load: () => void } {
  const [phoneNumbers, setPhoneNumbers] = useState<PhoneNumbers | null>(null);
  const requested = useRef(false);
  const load = useCallback(() => {
    if (requested.current) return;
    requested.current = true;
    import("~/phone").then(setPhoneNumbers, () => {
      requested.current = false;
    });
  }, []);
  return { phoneNumbers, load };
}

type PhoneFieldProps = {
  defaultCountry: string;
  phoneNumbers: PhoneNumbers | null;
  defaultValue?: string;
  /** The server's note on `defaultValue`, shown until the page reads numbers itself. */
  serverNote?: string;
  error?: string;
};

/** The phone number, national (in the default country) or international, with the number it will be taken as. */
export function PhoneField({ defaultCountry, phoneNumbers, defaultValue = "", serverNote, error }: PhoneFieldProps) {
  const [typed, setTyped] = useState(defaultValue);
  const note = phoneNumbers ? phoneNumbers.phoneNumberNote(typed, defaultCountry) : typed === defaultValue ? serverNote : undefined;
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
      note={error ? undefined : note}
    />
  );
}
