import { useLocation } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import type { z } from "zod/mini";
import { validateForm, type FieldErrors } from "~/forms";

type Checked = { key: string; errors: FieldErrors; attempt: number };

/**
 * A form's errors: the server's, or, with JavaScript, those the same schema finds before
 * the form is sent (the server checks again whatever the browser did). A field's error
 * is checked again as that field changes, so it goes once mended. After each new round
 * of errors (a page from the server, a refused submission) the first one gets the focus.
 */
export function useFormErrors(serverErrors: FieldErrors, schema: z.ZodMiniType) {
  const { key } = useLocation();
  const [checked, setChecked] = useState<Checked | null>(null);
  const own = checked?.key === key ? checked : null;
  const errors = own ? own.errors : serverErrors;
  const round = own && own.attempt > 0 ? `${key}:${own.attempt}` : key;

  useEffect(() => {
    const first = Object.keys(errors).find((name) => errors[name]);
    if (first) document.querySelector<HTMLElement>(first === "form" ? ".form-error" : `[name="${first}"]`)?.focus();
    // Only a new round moves the focus, never a re-render (a countdown ticking, a field mended).
  }, [round]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const result = validateForm(schema, new FormData(event.currentTarget));
    if (result.ok) return;
    event.preventDefault();
    setChecked({ key, errors: result.fieldErrors, attempt: (checked?.attempt ?? 0) + 1 });
  }

  function onChange(event: FormEvent<HTMLFormElement>) {
    const field = (event.target as HTMLInputElement).name;
    if (!errors[field]) return;
    const result = validateForm(schema, new FormData(event.currentTarget));
    const message = result.ok ? undefined : result.fieldErrors[field];
    if (message !== errors[field]) setChecked({ key, errors: { ...errors, [field]: message }, attempt: own?.attempt ?? 0 });
  }

  return { errors, round, onSubmit, onChange };
}
