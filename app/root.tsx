import { json, type LinksFunction, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useNewPageFocus } from "~/components/page-focus";
import { FlowDevtools } from "~/components/flow-devtools";
import { config } from "~/config.server";
import { useNonce } from "~/nonce";
import styles from "~/styles.css";

/** The title of any page that names none of its own, such as the error pages. */
export const meta: MetaFunction = () => [{ title: "Transmit MFA" }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function loader() {
  return json({ emulatorUrl: config().emulatorUrl, flowInspector: config().flowInspector });
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {data?.emulatorUrl ? (
          <aside className="emulator-notice" aria-label="Emulator notice">
            Running on the embedded Transmit emulator: no SMS is sent. Read your codes in the{" "}
            <a href={`${data.emulatorUrl}/__emulator`} target="_blank" rel="noreferrer">
              emulator's SMS outbox
            </a>
            . See the flow in its <a href="/flow">statechart</a>.
          </aside>
        ) : null}
        <main>{children}</main>
        <FlowDevtools inspector={data?.flowInspector ?? false} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useNewPageFocus();
  return <Outlet />;
}

const ERROR_PAGES: Record<number, { title: string; text: string }> = {
  403: { title: "Request refused", text: "This request came from another site, so it was refused. Your progress is kept." },
  404: { title: "Page not found", text: "There is no page at this address." },
  429: { title: "Too many requests", text: "Please wait a minute, then try again. Your progress is kept." },
};

export function ErrorBoundary() {
  const error = useRouteError();
  const page = (isRouteErrorResponse(error) && ERROR_PAGES[error.status]) || { title: "Something went wrong", text: "The request could not be completed. Your progress is kept." };
  return (
    <>
      <h1>{page.title}</h1>
      <p>{page.text}</p>
      <p>
        <a href="/">Continue where you left off</a>
      </p>
    </>
  );
}
