import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { FormError, FormField, SubmitButton, useFocusFirstError } from "~/components/form-field";
import { config } from "~/config.server";
import { readForm, rejectForm, submitToFlow, UNREADABLE_FORM, visitFlowPage } from "~/flow.server";
import { fieldErrorsOf, PASSWORD_MIN, signupForm, validateForm } from "~/forms";
import { Steps } from "~/components/steps";

export const meta: MetaFunction = () => [{ title: "Sign up · Transmit MFA" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { flow, headers } = await visitFlowPage(request, "signup");
  return json({ error: flow.context.error, defaultCountry: config().defaultPhoneCountry }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (!form) return rejectForm(UNREADABLE_FORM);
  const fields = { username: String(form.get("username") ?? ""), phoneNumber: String(form.get("phoneNumber") ?? "") };
  const signup = validateForm(signupForm(config().defaultPhoneCountry), form);
  if (!signup.ok) return rejectForm(signup.fieldErrors, fields);
  // A failed signup renders again with `fields`, so the phone number never goes into the cookie.
  return submitToFlow(request, "signup", { type: "SIGN_UP", username: signup.value.username, phoneNumber: signup.value.phoneNumber }, fields);
}

export default function Signup() {
  const { error, defaultCountry } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const errors = rejected?.fieldErrors ?? fieldErrorsOf(error);
  useFocusFirstError(errors);
  // A new key after every submission empties the password field.
  const { key } = useLocation();
  return (
    <>
      <Steps current="signup" />
      <h1>Create your account</h1>
      <p>Sign up with a username, a password and the phone number your login codes will go to.</p>
      <Form method="post" noValidate key={key}>
        <FormError message={errors.form} />
        <FormField name="username" label="Username" autoComplete="username" required defaultValue={rejected?.fields.username} error={errors.username} />
        <FormField name="password" label="Password" type="password" autoComplete="new-password" required error={errors.password} hint={`At least ${PASSWORD_MIN} characters.`} />
        <FormField
          name="phoneNumber"
          label="Phone number"
          type="tel"
          autoComplete="tel"
          required
          defaultValue={rejected?.fields.phoneNumber}
          error={errors.phoneNumber}
          hint={`Such as +1 201 555 0123. Without a + country code, it is read as a ${defaultCountry} number.`}
        />
        <SubmitButton>Create user</SubmitButton>
      </Form>
      <p className="secondary">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </>
  );
}
