import { randomBytes } from "node:crypto";
import type { EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { log } from "./log.server";
import { NonceContext } from "./nonce";
import { setDataHeaders, setDocumentHeaders } from "./security-headers.server";

export default function handleRequest(request: Request, status: number, headers: Headers, context: EntryContext) {
  const nonce = randomBytes(16).toString("base64");
  // The pages have no deferred data and nothing on them suspends, so the whole document is
  // rendered at once, to one string, and sent in one write: the streaming renderer would only
  // add the work of a stream that nobody reads part by part.
  const html = Buffer.from(
    `<!DOCTYPE html>${renderToString(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={context} url={request.url} nonce={nonce} />
      </NonceContext.Provider>,
    )}`,
  );
  headers.set("Content-Type", "text/html; charset=utf-8");
  headers.set("Content-Length", String(html.length));
  setDocumentHeaders(headers, nonce);
  return new Response(html, { status, headers });
}

export function handleDataRequest(response: Response) {
  setDataHeaders(response.headers);
  return response;
}

/** Remix reports every thrown error here; only unexpected ones are worth a log line. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  log.error({ event: "request.error", method: request.method, path: new URL(request.url).pathname, err: error });
};
