import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ErrorAnnouncement } from "~/components/error-announcement";
import { useFormErrors } from "~/components/form-errors";
import { FormError, FormField, SubmitButton } from "~/components/form-field";
import { config } from "~/config.server";
import { readForm, rejectForm, submitToFlow, UNREADABLE_FORM, visitFlowPage } from "~/flow.server";
import { codeForm, fieldErrorsOf, validateForm } from "~/forms";
import { Steps } from "~/components/steps";
import { useHydrated } from "~/components/use-hydrated";

export const meta: MetaFunction = () => [{ title: "Enter the SMS code · Transmit MFA" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { flow, headers } = await visitFlowPage(request, "otp");
  const { phoneHint, notice, error, codeSentAt, codeExpiresAt } = flow.context;
  const resendAt = codeSentAt === null ? 0 : codeSentAt + config().limits.resendCooldownSeconds * 1000;
  const codeWaiting = codeSentAt !== null;
  const validForMinutes = codeExpiresAt === null ? 0 : Math.max(1, Math.ceil((codeExpiresAt - Date.now()) / 60_000));
  return json({ phoneHint, notice, error, codeWaiting, validForMinutes, resendInSeconds: Math.max(0, Math.ceil((resendAt - Date.now()) / 1000)) }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (!form) return rejectForm(UNREADABLE_FORM);
  const intent = form.get("intent");
  if (intent === "resend") return submitToFlow(request, "otp", { type: "RESEND_CODE" });
  if (intent === "restart") return submitToFlow(request, "otp", { type: "RESTART" });

  const code = validateForm(codeForm, form);
  if (!code.ok) return rejectForm(code.fieldErrors);
  return submitToFlow(request, "otp", { type: "SUBMIT_CODE" });
}

export default function Otp() {
  const { phoneHint, notice, error, codeWaiting, validForMinutes, resendInSeconds } = useLoaderData<typeof loader>();
  // Without JavaScript nothing would count down, and a disabled button would stay so: it stays
  // enabled, and the server says how long to wait if it is pressed too soon.
  const countdown = useCountdown(resendInSeconds);
  const waitSeconds = useHydrated() ? countdown : 0;
  const rejected = useActionData<typeof action>();
  const { errors, round, onSubmit, onChange } = useFormErrors(rejected?.fieldErrors ?? fieldErrorsOf(error), codeForm);
  // A new key after every submission empties the code field.
  const { key } = useLocation();
  const phone = <strong>{phoneHint ?? "the phone number on your account"}</strong>;
  return (
    <>
      <Steps current="otp" />
      <h1>Enter the SMS code</h1>
      {notice === "code-sent" ? (
        <p className="notice" role="status">
          We sent a code by SMS to {phone}.
        </p>
      ) : codeWaiting ? (
        <p>Enter the code we sent by SMS to {phone}.</p>
      ) : (
        <p>No code is waiting: send a new code to get one by SMS to {phone}.</p>
      )}
      {codeWaiting ? <p className="hint">{`The code is valid for ${validForMinutes === 1 ? "1 more minute" : `${validForMinutes} more minutes`}.`}</p> : null}
      <ErrorAnnouncement errors={errors} round={round} />
      <Form method="post" noValidate key={key} onSubmit={onSubmit} onChange={onChange}>
        <FormError message={errors.form} />
        <FormField name="passcode" label="SMS code" inputMode="numeric" autoComplete="one-time-code" required error={errors.passcode} />
        <SubmitButton name="intent" value="verify" pendingLabel="Checking the code…">
          Login
        </SubmitButton>
      </Form>
      <div className="secondary">
        <Form method="post">
          <SubmitButton name="intent" value="resend" className="link" disabled={waitSeconds > 0} pendingLabel="Sending a new code…">
            {waitSeconds > 0 ? `Send a new code (in ${waitSeconds} s)` : "Send a new code"}
          </SubmitButton>
        </Form>
        <Form method="post">
          <SubmitButton name="intent" value="restart" className="link" pendingLabel="Starting over…">
            Start over
          </SubmitButton>
        </Form>
      </div>
      <section className="help" aria-labelledby="code-help">
        <h2 id="code-help">Trouble with the code?</h2>
        <ul>
          <li>No SMS after a minute? Check the number above, then send a new code.</li>
          <li>After too many wrong codes, that code stops working: send a new code.</li>
          <li>
            Locked out, with new codes refused too? After repeated wrong codes Transmit blocks new ones for a while (15 minutes by default).
            Wait, then choose Start over and log in again.
          </li>
        </ul>
      </section>
    </>
  );
}

/** Seconds left of a wait the server computed, counting down. */
function useCountdown(seconds: number): number {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    setLeft(seconds);
    if (seconds <= 0) return;
    const endsAt = Date.now() + seconds * 1000;
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [seconds]);
  return left;
}
