import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { readForm, rejectForm, submitToFlow, UNREADABLE_FORM, visitFlowPage } from "~/flow.server";
import { codeForm, fieldErrorsOf, validateForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Enter the SMS code · Transmit MFA" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { flow, headers } = await visitFlowPage(request, "otp");
  const { phoneHint, notice, error } = flow.context;
  return json({ phoneHint, notice, error }, { headers });
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
  const { phoneHint, notice, error } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const errors = rejected?.fieldErrors ?? fieldErrorsOf(error);
  // A new key after every submission empties the code field.
  const { key } = useLocation();
  const phone = <strong>{phoneHint ?? "the phone number on your account"}</strong>;
  return (
    <>
      <h1>Enter the SMS code</h1>
      {notice === "code-sent" ? (
        <p className="notice" role="status">
          We sent a code by SMS to {phone}.
        </p>
      ) : (
        <p>Enter the code we sent by SMS to {phone}.</p>
      )}
      <Form method="post" noValidate key={key}>
        <FormError message={errors.form} />
        <FormField name="passcode" label="SMS code" inputMode="numeric" autoComplete="one-time-code" required error={errors.passcode} />
        <button type="submit">Login</button>
      </Form>
      <div className="secondary">
        <Form method="post">
          <button type="submit" name="intent" value="resend" className="link">
            Send a new code
          </button>
        </Form>
        <Form method="post">
          <button type="submit" name="intent" value="restart" className="link">
            Start over
          </button>
        </Form>
      </div>
    </>
  );
}
