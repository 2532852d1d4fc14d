import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type Request, type Response } from "express";
import { config } from "../app/config.server.ts";
import { isCrossSite } from "../app/csrf.server.ts";
import { takePost } from "../app/limits.server.ts";
import { log } from "../app/log.server.ts";
import { baseHeaders } from "../app/security-headers.server.ts";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address, for per-IP limits: the socket's, or the proxy's X-Forwarded-For when TRUST_PROXY says so. */
    clientIp: string;
  }
}

const root = path.resolve(import.meta.dirname, "..");

function refuse(response: Response, status: number, html: string) {
  response.status(status).set({ "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'", "Cache-Control": "no-store" }).send(html);
}

function tooManyRequests(seconds: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too many requests</title></head>
<body><main><h1>Too many requests</h1><p>Please wait ${seconds} seconds, then try again. Your progress is kept.</p><p><a href="/">Continue where you left off</a></p></main></body></html>`;
}

const REFUSED = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Request refused</title></head>
<body><main><h1>Request refused</h1><p>This request came from another site, so it was refused. Your progress is kept.</p><p><a href="/">Continue where you left off</a></p></main></body></html>`;

/**
 * The HTTP server in front of the Remix app: static assets, then, for form posts, the
 * cross-site check (before Remix, whose own origin check answers a blank 500) and the
 * per-client rate limit, then Remix.
 */
export function createAppServer(build: ServerBuild) {
  const server = express();
  server.disable("x-powered-by");
  server.set("trust proxy", config().trustProxy);

  server.use((request, response, next) => {
    const started = performance.now();
    response.set(baseHeaders());
    response.on("finish", () => {
      log.info({ event: "http", method: request.method, path: request.path, status: response.statusCode, ms: Math.round(performance.now() - started) });
    });
    next();
  });

  // Remix's fingerprinted build output never changes under its name; the rest of public/ may.
  server.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  server.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

  server.use(async (request: Request, response: Response, next) => {
    if (["GET", "HEAD", "OPTIONS"].includes(request.method)) return next();
    if (isCrossSite({ headers: request.headers, host: request.get("host") ?? "" })) {
      log.warn({ event: "http.cross-site", method: request.method, path: request.path, secFetchSite: request.get("sec-fetch-site"), origin: request.get("origin"), host: request.get("host") });
      return refuse(response, 403, REFUSED);
    }
    const limited = await takePost(request.ip ?? "unknown").catch(next);
    if (limited === undefined) return;
    if (!limited) return next();
    log.warn({ event: "http.rate-limited", method: request.method, path: request.path });
    response.set("Retry-After", String(limited.retryAfterSeconds));
    refuse(response, 429, tooManyRequests(limited.retryAfterSeconds));
  });

  server.all("*", createRequestHandler({ build, mode: "production", getLoadContext: (request) => ({ clientIp: request.ip ?? "unknown" }) }));
  return server;
}
