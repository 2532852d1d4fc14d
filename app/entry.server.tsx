import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { log } from "./log.server";
import { NonceContext } from "./nonce";
import { setDataHeaders, setDocumentHeaders } from "./security-headers.server";

const RENDER_TIMEOUT_MS = 5_000;

export default function handleRequest(request: Request, status: number, headers: Headers, context: EntryContext) {
  const nonce = randomBytes(16).toString("base64");
  // The pages have no deferred data, so the whole document is rendered before it is sent.
  return new Promise<Response>((resolve, reject) => {
    const app = (
      <NonceContext.Provider value={nonce}>
        <RemixServer context={context} url={request.url} abortDelay={RENDER_TIMEOUT_MS} nonce={nonce} />
      </NonceContext.Provider>
    );
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      onAllReady() {
        const body = new PassThrough();
        headers.set("Content-Type", "text/html; charset=utf-8");
        setDocumentHeaders(headers, nonce);
        resolve(new Response(createReadableStreamFromReadable(body), { status, headers }));
        pipe(body);
      },
      onShellError: reject,
      onError(error) {
        status = 500;
        log.error({ event: "render", err: error });
      },
    });
    setTimeout(abort, RENDER_TIMEOUT_MS + 1000);
  });
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
