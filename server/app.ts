import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type Request, type Response } from "express";
import { config } from "../app/config.server.ts";
import { isCrossSite } from "../app/csrf.server.ts";
import { log } from "../app/log.server.ts";
import { baseHeaders } from "../app/security-headers.server.ts";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address, for per-IP limits: the socket's, or the proxy's X-Forwarded-For when TRUST_PROXY says so. */
    clientIp: string;
  }
}

const root = path.resolve(import.meta.dirname, "..");

const REFUSED = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Request refused</title></head>
<body><main><h1>Request refused</h1><p>This request came from another site, so it was refused. Your progress is kept.</p><p><a href="/">Continue where you left off</a></p></main></body></html>`;

/**
 * The HTTP server in front of the Remix app: static assets, then the cross-site check
 * (before Remix, whose own origin check answers a blank 500), then Remix.
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

  server.use((request: Request, response: Response, next) => {
    const changesState = !["GET", "HEAD", "OPTIONS"].includes(request.method);
    if (!changesState || !isCrossSite({ headers: request.headers, host: request.get("host") ?? "" })) return next();
    log.warn({ event: "http.cross-site", method: request.method, path: request.path, secFetchSite: request.get("sec-fetch-site"), origin: request.get("origin"), host: request.get("host") });
    response.status(403).set({ "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'", "Cache-Control": "no-store" }).send(REFUSED);
  });

  server.all("*", createRequestHandler({ build, mode: "production", getLoadContext: (request) => ({ clientIp: request.ip ?? "unknown" }) }));
  return server;
}
