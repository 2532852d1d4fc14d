import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type { EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { log } from "./log.server";
import { NonceContext } from "./nonce";
import { setDataHeaders, setDocumentHeaders } from "./security-headers.server";

const RENDER_TIMEOUT_MS = 5_000;

export default function handleRequest(request: Request, status: number, headers: Headers, context: EntryContext) {
  const nonce = randomBytes(16).toString("base64");
  // The pages have no deferred data, so the whole document is rendered before it is sent, in
  // one piece: one write to the socket, rather than one for each chunk React renders.
  return new Promise<Response>((resolve, reject) => {
    const app = (
      <NonceContext.Provider value={nonce}>
        <RemixServer context={context} url={request.url} abortDelay={RENDER_TIMEOUT_MS} nonce={nonce} />
      </NonceContext.Provider>
    );
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      onAllReady() {
        const chunks: Buffer[] = [];
        const page = new Writable({
          write(chunk: Buffer, _encoding, done) {
            chunks.push(chunk);
            done();
          },
          final(done) {
            clearTimeout(timeout);
            const html = Buffer.concat(chunks);
            headers.set("Content-Type", "text/html; charset=utf-8");
            headers.set("Content-Length", String(html.length));
            setDocumentHeaders(headers, nonce);
            resolve(new Response(html, { status, headers }));
            done();
          },
        });
        pipe(page);
      },
      onShellError: reject,
      onError(error) {
        status = 500;
        log.error({ event: "render", err: error });
      },
    });
    const timeout = setTimeout(abort, RENDER_TIMEOUT_MS + 1000);
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
