import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import onHeaders from "on-headers";
import { config } from "../app/config.server.ts";
import { isCrossSite } from "../app/csrf.server.ts";
import { INSPECTOR_PATH } from "../app/inspector-script.ts";
import { takePost } from "../app/limits.server.ts";
import { log } from "../app/log.server.ts";
import { baseHeaders, FALLBACK_HEADERS } from "../app/security-headers.server.ts";

const root = path.resolve(import.meta.dirname, "..");

const METHODS = new Set(["GET", "HEAD", "POST"]);
const MAX_BODY_BYTES = 16 * 1024;

function isHost(host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(`http://${host}`).host !== "";
  } catch {
    return false;
  }
}

/** A page the server answers itself, before Remix: plain, with nothing to run. */
function page(title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body><main><h1>${title}</h1><p>${text}</p><p><a href="/">Continue where you left off</a></p></main></body></html>`;
}

function refuse(response: Response, status: number, html: string, headers: Record<string, string> = {}) {
  response.status(status).set({ "Content-Type": "text/html; charset=utf-8", ...headers }).send(html);
}

const REFUSED = page("Request refused", "This request came from another site, so it was refused. Your progress is kept.");

/**
 * The HTTP server in front of the Remix app: static assets, then, for form posts, their size, the
 * cross-site check (before Remix, whose own origin check answers a blank 500) and the
 * per-client rate limit, then Remix.
 */
export function createAppServer(build: ServerBuild) {
  const server = express();
  server.disable("x-powered-by");
  // Express's own error pages never show a stack trace then.
  server.set("env", "production");
  server.set("trust proxy", config().trustProxy);

  server.use((request, response, next) => {
    const started = performance.now();
    response.set(baseHeaders());
    // Set last, and only where Remix or express.static set nothing of their own.
    onHeaders(response, () => {
      for (const [name, value] of Object.entries(FALLBACK_HEADERS)) if (!response.hasHeader(name)) response.setHeader(name, value);
    });
    response.on("finish", () => {
      // At debug: the flow's own events are the ones worth reading at info.
      log.debug({ event: "http", method: request.method, path: request.path, status: response.statusCode, ms: Math.round(performance.now() - started) });
    });
    next();
  });

  // Remix's fingerprinted build output never changes under its name; the rest of public/ may.
  server.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h" });
  // Pages have no file extension: a request for one does not look at the disk first.
  server.use((request, response, next) => (path.extname(request.path) ? publicFiles(request, response, next) : next()));
  // The Stately inspector's mirror: its own bundle, beside Remix's, and only with FLOW_INSPECTOR=on.
  if (config().flowInspector) server.use(INSPECTOR_PATH, express.static(path.join(root, "build", "inspector")));

  server.use((request: Request, response: Response, next) => {
    if (!METHODS.has(request.method)) return refuse(response, 405, page("Not allowed", "This address takes no such request."), { Allow: "GET, HEAD, POST" });
    if (!isHost(request.get("host"))) return refuse(response, 400, page("Bad request", "The request names no valid host."));
    next();
  });

  server.use(async (request: Request, response: Response, next) => {
    if (request.method !== "POST") return next();
    // Forms here are a few fields: a larger body is refused before anything reads it.
    const length = Number(request.get("content-length"));
    if (!Number.isInteger(length)) return refuse(response, 411, page("Length required", "Please send the form again from the page."));
    if (length > MAX_BODY_BYTES) return refuse(response, 413, page("Too large", "The form is larger than any of this app's forms."));
    if (isCrossSite({ headers: request.headers, host: request.get("host") ?? "" })) {
      log.warn({ event: "http.cross-site", method: request.method, path: request.path, secFetchSite: request.get("sec-fetch-site"), origin: request.get("origin"), host: request.get("host") });
      return refuse(response, 403, REFUSED);
    }
    // The client's address: the socket's, or the proxy's X-Forwarded-For when TRUST_PROXY says so.
    let limited;
    try {
      limited = await takePost(request.ip ?? "unknown");
    } catch (error) {
      return next(error);
    }
    if (!limited) return next();
    log.warn({ event: "http.rate-limited", method: request.method, path: request.path });
    refuse(response, 429, page("Too many requests", `Please wait ${limited.retryAfterSeconds} seconds, then try again. Your progress is kept.`), {
      "Retry-After": String(limited.retryAfterSeconds),
    });
  });

  server.all("*", createRequestHandler({ build, mode: "production" }));

  // Whatever fails on the way (a malformed URL, say) gets a page of the app's, not Express's.
  server.use((error: unknown, request: Request, response: Response, _next: NextFunction) => {
    const status = typeof (error as { status?: unknown }).status === "number" && (error as { status: number }).status < 500 ? (error as { status: number }).status : 500;
    log.error({ event: "http.error", method: request.method, path: request.path, status, err: error });
    if (!response.headersSent) refuse(response, status, page(status === 500 ? "Something went wrong" : "Bad request", "The request could not be completed. Your progress is kept."));
  });
  return server;
}
