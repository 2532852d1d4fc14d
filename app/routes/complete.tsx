import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { CopyButton } from "~/components/copy-button";
import { ErrorAnnouncement } from "~/components/error-announcement";
import { FormError, SubmitButton } from "~/components/form-field";
import { visitFlowPage } from "~/flow.server";
import { Steps } from "~/components/steps";
import { CLAIM_EXPLANATIONS, displayClaim } from "~/claims";

export const meta: MetaFunction = () => [{ title: "Authentication complete · Transmit MFA" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { flow, headers } = await visitFlowPage(request, "complete");
  // The one error here is a Restart that Transmit could not answer.
  return json({ claims: flow.context.claims, error: flow.context.error }, { headers });
}

export default function Complete() {
  const { claims, error } = useLoaderData<typeof loader>();
  const { key } = useLocation();
  const amr = claims?.amr ?? [];
  const raw = JSON.stringify(claims, null, 2);
  return (
    <>
      <Steps current="complete" />
      <h1>Authentication complete</h1>
      {amr.includes("mfa") ? (
        <p className="badge">
          <span aria-hidden="true">✓</span> amr contains mfa
        </p>
      ) : null}
      <p>
        Transmit's ID token was verified (signature, issuer, audience, expiry). Its <code>amr</code> claim is <code>{JSON.stringify(amr)}</code>
        {amr.includes("mfa") ? ": you logged in with two different factors." : "."}
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
      {/* Folded away: the table is for reading, the JSON for pasting elsewhere. Opens without JavaScript too. */}
      <details className="raw-claims">
        <summary>The claims as JSON</summary>
        <pre className="claims" aria-label="ID token claims">
          {raw}
        </pre>
      </details>
      <CopyButton text={raw} label="Copy the JSON" refused="The browser did not allow it: open the JSON above and copy it from there." />
      <ErrorAnnouncement errors={{ form: error?.message }} round={key} />
      <Form method="post" action="/logout">
        <FormError message={error?.message} />
        <SubmitButton pendingLabel="Restarting…">Restart</SubmitButton>
      </Form>
    </>
  );
}
