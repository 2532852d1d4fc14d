import type { InputHTMLAttributes } from "react";

type FormFieldProps = InputHTMLAttributes<HTMLInputElement> & { name: string; label: string; error?: string; hint?: string };

/** A labelled input whose error and hint are tied to it for assistive technology. */
export function FormField({ name, label, error, hint, ...input }: FormFieldProps) {
  const id = `field-${name}`;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
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
    <p className="error form-error" role="alert">
      {message}
    </p>
  ) : null;
}
