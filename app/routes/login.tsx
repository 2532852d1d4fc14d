import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { ErrorAnnouncement } from "~/components/error-announcement";
import { useFormErrors } from "~/components/form-errors";
import { FormError, FormField, SubmitButton } from "~/components/form-field";
import { PasswordField } from "~/components/password-field";
import { readForm, rejectForm, submitToFlow, UNREADABLE_FORM, visitFlowPage } from "~/flow.server";
import { fieldErrorsOf, loginForm, validateForm } from "~/forms";
import { Steps } from "~/components/steps";

export const meta: MetaFunction = () => [{ title: "Log in · Transmit MFA" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { flow, headers } = await visitFlowPage(request, "login");
  const { username, notice, error } = flow.context;
  return json({ username, notice, error }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (!form) return rejectForm(UNREADABLE_FORM);
  const login = validateForm(loginForm, form);
  if (!login.ok) return rejectForm(login.fieldErrors, { username: String(form.get("username") ?? "") });
  return submitToFlow(request, "login", { type: "LOG_IN", username: login.value.username });
}

export default function Login() {
  const { username, notice, error } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const { errors, round, onSubmit, onChange } = useFormErrors(rejected?.fieldErrors ?? fieldErrorsOf(error), loginForm);
  // A new key after every submission empties the password field.
  const { key } = useLocation();
  return (
    <>
      <Steps current="login" />
      <h1>Log in</h1>
      {notice === "user-created" ? (
        <p className="notice" role="status">
          Your account was created. Log in with your username and password.
        </p>
      ) : null}
      <p>After your password, we send a one-time code to your phone.</p>
      <ErrorAnnouncement errors={errors} round={round} />
      <Form method="post" noValidate key={key} onSubmit={onSubmit} onChange={onChange}>
        <FormError message={errors.form} />
        <FormField name="username" label="Username" autoComplete="username" required defaultValue={rejected?.fields.username ?? username ?? ""} error={errors.username} />
        <PasswordField name="password" label="Password" autoComplete="current-password" error={errors.password} />
        <SubmitButton pendingLabel="Logging in…">Login</SubmitButton>
      </Form>
      <p className="secondary">
        New here? <Link to="/signup">Create an account</Link>
      </p>
    </>
  );
}
