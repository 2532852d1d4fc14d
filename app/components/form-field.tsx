import { useNavigation } from "@remix-run/react";
import { useEffect, type InputHTMLAttributes } from "react";

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
    <p className="error form-error" role="alert" tabIndex={-1}>
      {message}
    </p>
  ) : null;
}

/**
 * The form's submit button: while its submission runs it is disabled, so a double click
 * sends it once. The label stays, as the tests and assistive technology know it by it.
 */
export function SubmitButton({ children, name, value, className }: { children: string; name?: string; value?: string; className?: string }) {
  const navigation = useNavigation();
  const pending = navigation.state === "submitting" && (name === undefined || navigation.formData?.get(name) === value);
  return (
    <button type="submit" name={name} value={value} className={className} disabled={pending} aria-busy={pending || undefined}>
      {children}
    </button>
  );
}

/** After a submission comes back with errors, the first one gets the focus (with JavaScript). */
export function useFocusFirstError(errors: Partial<Record<string, string>>) {
  const first = Object.keys(errors).find((name) => errors[name]);
  useEffect(() => {
    if (!first) return;
    document.querySelector<HTMLElement>(first === "form" ? ".form-error" : `[name="${first}"]`)?.focus();
  }, [first, errors]);
}
