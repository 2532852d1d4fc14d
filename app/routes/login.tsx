import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { readForm, rejectForm, requireFlowAt, submitToFlow, UNREADABLE_FORM } from "~/flow.server";
import { fieldErrorsOf, loginForm, validateForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Log in · Transmit MFA" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { context } = await requireFlowAt(request, "login");
  return json({ username: context.username, notice: context.notice, error: context.error });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (!form) return rejectForm(UNREADABLE_FORM);
  if (form.get("intent") === "go-to-signup") return submitToFlow(request, "login", { type: "GO_TO_SIGNUP" });

  const fields = { username: String(form.get("username") ?? "") };
  const login = validateForm(loginForm, form);
  if (!login.ok) return rejectForm(login.fieldErrors, fields);
  return submitToFlow(request, "login", { type: "LOG_IN", username: login.value.username }, fields);
}

export default function Login() {
  const { username, notice, error } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const errors = rejected?.fieldErrors ?? fieldErrorsOf(error);
  return (
    <>
      <h1>Log in</h1>
      {notice === "user-created" && !rejected ? (
        <p className="notice" role="status">
          Your account was created. Log in with your username and password.
        </p>
      ) : null}
      <p>After your password, we send a one-time code to your phone.</p>
      <Form method="post" noValidate>
        <FormError message={errors.form} />
        <FormField name="username" label="Username" autoComplete="username" required defaultValue={rejected?.fields.username ?? username ?? ""} error={errors.username} />
        <FormField name="password" label="Password" type="password" autoComplete="current-password" required error={errors.password} />
        <button type="submit">Login</button>
      </Form>
      <Form method="post" className="secondary">
        <span>New here?</span>{" "}
        <button type="submit" name="intent" value="go-to-signup" className="link">
          Create an account
        </button>
      </Form>
    </>
  );
}
