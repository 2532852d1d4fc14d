import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { log } from "./log.server";

const RENDER_TIMEOUT_MS = 5_000;

/** Every page shows a step of someone's flow: no browser or proxy may keep a copy. */
function noStore(headers: Headers) {
  headers.set("Cache-Control", "no-store");
}

export default function handleRequest(request: Request, status: number, headers: Headers, context: EntryContext) {
  // The pages have no deferred data, so the whole document is rendered before it is sent.
  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={context} url={request.url} abortDelay={RENDER_TIMEOUT_MS} />, {
      onAllReady() {
        const body = new PassThrough();
        headers.set("Content-Type", "text/html; charset=utf-8");
        noStore(headers);
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
  noStore(response.headers);
  return response;
}

/** Remix reports every thrown error here; only unexpected ones are worth a log line. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  log.error({ event: "request.error", method: request.method, path: new URL(request.url).pathname, err: error });
};
