import type { AwaitingState } from "../../machines/flow.machine";

const STEPS: { state: AwaitingState; label: string }[] = [
  { state: "signup", label: "Sign up" },
  { state: "login", label: "Password" },
  { state: "otp", label: "Code" },
  { state: "complete", label: "Done" },
];

/** Where the person is in the flow: 1 Sign up, 2 Password, 3 Code, 4 Done. */
export function Steps({ current }: { current: AwaitingState }) {
  return (
    <nav aria-label="Progress">
      <ol className="steps">
        {STEPS.map(({ state, label }, index) => (
          <li key={state} aria-current={state === current ? "step" : undefined}>
            <span className="step-number">{index + 1}</span> {label}
          </li>
        ))}
      </ol>
    </nav>
  );
}
