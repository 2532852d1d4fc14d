import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { config } from "~/config.server";
import { readForm, rejectForm, requireFlowAt, submitToFlow, UNREADABLE_FORM } from "~/flow.server";
import { fieldErrorsOf, signupForm, validateForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Sign up · Transmit MFA" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const flow = await requireFlowAt(request, "signup");
  return json({ error: flow.context.error });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (!form) return rejectForm(UNREADABLE_FORM);
  if (form.get("intent") === "go-to-login") return submitToFlow(request, "signup", { type: "GO_TO_LOGIN" });

  const fields = { username: String(form.get("username") ?? ""), phoneNumber: String(form.get("phoneNumber") ?? "") };
  const signup = validateForm(signupForm(config().defaultPhoneCountry), form);
  if (!signup.ok) return rejectForm(signup.fieldErrors, fields);
  return submitToFlow(request, "signup", { type: "SIGN_UP", username: signup.value.username, phoneNumber: signup.value.phoneNumber }, fields);
}

export default function Signup() {
  const { error } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const errors = rejected?.fieldErrors ?? fieldErrorsOf(error);
  return (
    <>
      <h1>Create your account</h1>
      <p>Sign up with a username, a password and the phone number your login codes will go to.</p>
      <Form method="post" noValidate>
        <FormError message={errors.form} />
        <FormField name="username" label="Username" autoComplete="username" required defaultValue={rejected?.fields.username} error={errors.username} />
        <FormField name="password" label="Password" type="password" autoComplete="new-password" required error={errors.password} hint="At least 8 characters." />
        <FormField name="phoneNumber" label="Phone number" type="tel" autoComplete="tel" required defaultValue={rejected?.fields.phoneNumber} error={errors.phoneNumber} hint="With the country code, such as +1 201 555 0123." />
        <button type="submit">Create user</button>
      </Form>
      <Form method="post" className="secondary">
        <span>Already have an account?</span>{" "}
        <button type="submit" name="intent" value="go-to-login" className="link">
          Log in
        </button>
      </Form>
    </>
  );
}
