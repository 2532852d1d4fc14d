import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { FormError, SubmitButton } from "~/components/form-field";
import { visitFlowPage } from "~/flow.server";
import { Steps } from "~/components/steps";
import { CLAIM_EXPLANATIONS, displayClaim } from "~/claims";

export const meta: MetaFunction = () => [{ title: "Authentication complete · Transmit MFA" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { flow, headers } = await visitFlowPage(request, "complete");
  return json({ claims: flow.context.claims, error: flow.context.error }, { headers });
}

export default function Complete() {
  const { claims, error } = useLoaderData<typeof loader>();
  const amr = claims?.amr ?? [];
  return (
    <>
      <Steps current="complete" />
      <h1>Authentication complete</h1>
      <p>
        Transmit's ID token was verified (signature, issuer, audience, expiry). Its <code>amr</code> claim is{" "}
        <code>{JSON.stringify(amr)}</code>
        {amr.includes("mfa") ? (
          <>
            {" "}
            and contains <strong className="badge">mfa</strong>: you logged in with two factors.
          </>
        ) : null}
      </p>
      <h2>ID token claims</h2>
      <table className="claims-table">
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Value</th>
            <th scope="col">Meaning</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(claims ?? {}).map(([name, value]) => (
            <tr key={name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td>{displayClaim(name, value)}</td>
              <td>{CLAIM_EXPLANATIONS[name] ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>As JSON</h3>
      <pre className="claims" aria-label="ID token claims">
        {JSON.stringify(claims, null, 2)}
      </pre>
      <Form method="post" action="/logout">
        <FormError message={error?.message} />
        <SubmitButton>Restart</SubmitButton>
      </Form>
    </>
  );
}
