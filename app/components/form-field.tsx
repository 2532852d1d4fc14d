import { useNavigation } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode } from "react";

type FormFieldProps = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  /** A line under the input, read with it, such as the number a phone field will use. */
  note?: string;
  /** A control beside the input, such as a password's Show button. */
  beside?: ReactNode;
};

/** The id of a field's input, for controls that act on it. */
export const fieldId = (name: string) => `field-${name}`;

/** A labelled input whose hint, note and error are tied to it for assistive technology. */
export function FormField({ name, label, error, hint, note, beside, ...input }: FormFieldProps) {
  const id = fieldId(name);
  const described = [hint && `${id}-hint`, note && `${id}-note`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {/* The same wrapper with or without a control beside: a moved input would lose its focus. */}
      <div className="input-row">
        <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
        {beside}
      </div>
      {note ? (
        <p className="note" id={`${id}-note`}>
          {note}
        </p>
      ) : null}
      {error ? (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** An error that belongs to the whole form rather than one field. */
export function FormError({ message }: { message?: string }) {
  return message ? (
    <p className="error form-error" tabIndex={-1}>
      {message}
    </p>
  ) : null;
}

type SubmitButtonProps = { children: string; pendingLabel: string; name?: string; value?: string; className?: string; disabled?: boolean };

/**
 * The form's submit button. From the click until the next page is shown it says what is
 * happening and is disabled, so a double click sends once.
 */
export function SubmitButton({ children, pendingLabel, name, value, className, disabled }: SubmitButtonProps) {
  const navigation = useNavigation();
  // formData stays set while the action's redirect loads, not only while the action runs.
  const pending = navigation.formData !== undefined && (name === undefined || navigation.formData.get(name) === value);
  return (
    <button type="submit" name={name} value={value} className={className} disabled={disabled || pending} aria-busy={pending || undefined}>
      {pending ? pendingLabel : children}
    </button>
  );
}
