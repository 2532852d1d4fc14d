import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useMemo } from "react";
import { ErrorAnnouncement } from "~/components/error-announcement";
import { useFormErrors } from "~/components/form-errors";
import { FormError, FormField, SubmitButton } from "~/components/form-field";
import { PasswordField } from "~/components/password-field";
import { PhoneField, usePhoneNumbers } from "~/components/phone-field";
import { config } from "~/config.server";
import { readForm, rejectForm, submitToFlow, UNREADABLE_FORM, visitFlowPage } from "~/flow.server";
import { fieldErrorsOf, PASSWORD_MIN } from "~/forms";
import { signupForm } from "~/signup-form";
import { readSignupForm } from "~/signup-form.server";
import { Steps } from "~/components/steps";

export const meta: MetaFunction = () => [{ title: "Sign up · Transmit MFA" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { flow, headers } = await visitFlowPage(request, "signup");
  // The default country is public: the page shows it, and the browser checks numbers with it.
  return json({ error: flow.context.error, defaultCountry: config().defaultPhoneCountry }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (!form) return rejectForm(UNREADABLE_FORM);
  const { signup, fields, notes } = readSignupForm(form);
  if (!signup.ok) return rejectForm(signup.fieldErrors, fields, notes);
  // A failed signup renders again with `fields`, so the phone number never goes into the cookie.
  return submitToFlow(request, "signup", { type: "SIGN_UP", username: signup.value.username, phoneNumber: signup.value.phoneNumber }, fields, notes);
}

export default function Signup() {
  const { error, defaultCountry } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const { phoneNumbers, load: loadPhoneNumbers } = usePhoneNumbers();
  const schema = useMemo(() => signupForm(phoneNumbers?.phoneNumberReader(defaultCountry)), [phoneNumbers, defaultCountry]);
  const { errors, round, onSubmit, onChange } = useFormErrors(rejected?.fieldErrors ?? fieldErrorsOf(error), schema);
  // A new key after every submission empties the password field.
  const { key } = useLocation();
  return (
    <>
      <Steps current="signup" />
      <h1>Create your account</h1>
      <p>Sign up with a username, a password and the phone number your login codes will go to.</p>
      <ErrorAnnouncement errors={errors} round={round} />
      <Form method="post" noValidate key={key} onSubmit={onSubmit} onChange={onChange} onFocus={loadPhoneNumbers}>
        <FormError message={errors.form} />
        <FormField name="username" label="Username" autoComplete="username" required defaultValue={rejected?.fields.username} error={errors.username} />
        <PasswordField name="password" label="Password" autoComplete="new-password" error={errors.password} hint={`At least ${PASSWORD_MIN} characters.`} />
        <PhoneField
          defaultCountry={defaultCountry}
          phoneNumbers={phoneNumbers}
          defaultValue={rejected?.fields.phoneNumber}
          serverNote={rejected?.notes.phoneNumber}
          error={errors.phoneNumber}
        />
        <SubmitButton pendingLabel="Creating user…">Create user</SubmitButton>
      </Form>
      <p className="secondary">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </>
  );
}
