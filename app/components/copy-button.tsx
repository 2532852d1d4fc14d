import { useState } from "react";
import { useHydrated } from "./use-hydrated";

/**
 * Copies `text` to the clipboard. It appears only where it can work: with JavaScript, on
 * a page the browser lets write to the clipboard (https or localhost).
 */
export function CopyButton({ text, label, refused }: { text: string; label: string; refused: string }) {
  const hydrated = useHydrated();
  const [outcome, setOutcome] = useState<"copied" | "failed" | null>(null);
  if (!hydrated || !navigator.clipboard) return null;
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setOutcome("copied"),
      () => setOutcome("failed"),
    );
  return (
    <p className="copy">
      <button type="button" className="secondary-button" onClick={copy}>
        {label}
      </button>{" "}
      <span role="status">{outcome === "copied" ? "Copied." : outcome === "failed" ? refused : ""}</span>
    </p>
  );
}
