import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { FormError, FormField, SubmitButton, useFocusFirstError } from "~/components/form-field";
import { config } from "~/config.server";
import { readForm, rejectForm, submitToFlow, UNREADABLE_FORM, visitFlowPage } from "~/flow.server";
import { codeForm, fieldErrorsOf, validateForm } from "~/forms";
import { Steps } from "~/components/steps";

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
  const waitSeconds = useCountdown(resendInSeconds);
  const rejected = useActionData<typeof action>();
  const errors = rejected?.fieldErrors ?? fieldErrorsOf(error);
  useFocusFirstError(errors);
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
      <Form method="post" noValidate key={key}>
        <FormError message={errors.form} />
        <FormField name="passcode" label="SMS code" inputMode="numeric" autoComplete="one-time-code" required error={errors.passcode} />
        <SubmitButton name="intent" value="verify">Login</SubmitButton>
      </Form>
      <div className="secondary">
        <Form method="post">
          <button type="submit" name="intent" value="resend" className="link" disabled={waitSeconds > 0}>
            {waitSeconds > 0 ? `Send a new code (in ${waitSeconds} s)` : "Send a new code"}
          </button>
        </Form>
        <Form method="post">
          <SubmitButton name="intent" value="restart" className="link">
            Start over
          </SubmitButton>
        </Form>
      </div>
    </>
  );
}

/** Seconds left of a wait the server computed; with JavaScript they count down, without it the page shows them as rendered. */
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
