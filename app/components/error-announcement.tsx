import { useMemo } from "react";
import type { FieldErrors } from "~/forms";

/**
 * Tells screen readers what went wrong in a round. The live region is on the page before
 * any error arrives (outside the form, which is replaced after each submission); each
 * round adds a new line, so the same message twice is read twice, and mending a field
 * announces nothing.
 */
export function ErrorAnnouncement({ errors, round }: { errors: FieldErrors; round: string }) {
  const messages = Object.values(errors).filter(Boolean);
  const text = messages.length === 1 ? messages[0] : messages.length > 1 ? `${messages.length} problems: ${messages.join(" ")}` : "";
  // What the round found, kept while fields are mended.
  const announced = useMemo(() => text, [round]);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true">
      {announced ? <p key={round}>{announced}</p> : null}
    </div>
  );
}
