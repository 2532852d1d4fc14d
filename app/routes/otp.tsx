import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { readForm, rejectForm, requireFlowAt, submitToFlow, UNREADABLE_FORM } from "~/flow.server";
import { codeForm, fieldErrorsOf, validateForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Enter the SMS code · Transmit MFA" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { context } = await requireFlowAt(request, "otp");
  return json({ phoneHint: context.phoneHint, notice: context.notice, error: context.error });
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
  return (
    <>
      <h1>Enter the SMS code</h1>
      {notice === "code-sent" ? (
        <p className="notice" role="status">
          We sent a code by SMS to <strong>{phoneHint ?? "the phone number on your account"}</strong>.
        </p>
      ) : null}
      <Form method="post" noValidate>
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
