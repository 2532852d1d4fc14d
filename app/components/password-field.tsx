import { useState } from "react";
import { FormField, fieldId } from "./form-field";
import { useHydrated } from "./use-hydrated";

type PasswordFieldProps = { name: string; label: string; autoComplete: "new-password" | "current-password"; error?: string; hint?: string };

/**
 * A password input that can be shown while typing. Pasting and password managers work as
 * in any password input; without JavaScript there is no Show button, just the field.
 */
export function PasswordField({ name, ...field }: PasswordFieldProps) {
  const hydrated = useHydrated();
  const [shown, setShown] = useState(false);
  const toggle = hydrated ? (
    <button type="button" className="secondary-button" aria-controls={fieldId(name)} onClick={() => setShown(!shown)}>
      {shown ? "Hide" : "Show"}
      <span className="visually-hidden"> password</span>
    </button>
  ) : null;
  // A shown password is still no text to spell-check or autocorrect.
  return <FormField name={name} {...field} type={shown ? "text" : "password"} required spellCheck={false} autoCapitalize="none" autoCorrect="off" beside={toggle} />;
}
