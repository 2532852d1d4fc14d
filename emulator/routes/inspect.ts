import { Hono } from "hono";
import { html } from "hono/html";
import { publicUrl } from "../config.ts";
import type { Tenant } from "../tenant.ts";

/**
 * The emulator's own pages, off Transmit's paths: the SMS it "sent" (as JSON for
 * tests, as a page for people) and the credentials of its one application.
 */
export function inspectRoutes(tenant: Tenant) {
  const routes = new Hono();
  const { config, outbox } = tenant;

  routes.get("/__emulator/sms", (c) => c.json(outbox.list()));

  routes.get("/__emulator/requests", (c) => c.json(tenant.requests.list()));

  routes.get("/__emulator", (c) => {
    const messages = [...outbox.list()].reverse();
    const base = publicUrl(c, config);
    return c.html(html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta http-equiv="refresh" content="5" />
          <title>Transmit emulator</title>
          <style>
            body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
            table { border-collapse: collapse; width: 100%; margin-bottom: 2rem; }
            th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
            code { font-size: .95em; background: #f3f4f6; padding: .1rem .3rem; border-radius: 4px; }
            .code { font-size: 1.4rem; font-weight: 700; letter-spacing: .15em; }
          </style>
        </head>
        <body>
          <h1>Transmit emulator</h1>
          <p>A local stand-in for Transmit's backend APIs. It sends no SMS: every message it would have sent is listed here, newest first. This page refreshes every 5 seconds.</p>
          <h2>SMS outbox</h2>
          ${messages.length === 0
            ? html`<p>No messages yet. Log in on the app and the code appears here.</p>`
            : html`<table>
                <thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">Code</th><th scope="col">Text</th></tr></thead>
                <tbody>
                  ${messages.map((m) => html`<tr><td>${m.sent_at}</td><td>${m.to}</td><td class="code">${m.code}</td><td>${m.text}</td></tr>`)}
                </tbody>
              </table>`}
          <h2>The emulated tenant</h2>
          <table>
            <tbody>
              <tr><th scope="row">API base</th><td><code>${base}</code></td></tr>
              <tr><th scope="row">Client ID</th><td><code>${config.clientId}</code></td></tr>
              <tr><th scope="row">Client secret</th><td><code>${config.clientSecret}</code></td></tr>
              <tr><th scope="row">Token issuer</th><td><code>${config.issuer}</code></td></tr>
              <tr><th scope="row">Client token</th><td><code>POST ${base}/oidc/token</code></td></tr>
              <tr><th scope="row">JWKS</th><td><code>GET ${base}/cis/oidc/jwks</code></td></tr>
              <tr><th scope="row">SMS as JSON</th><td><a href="/__emulator/sms"><code>GET /__emulator/sms</code></a></td></tr>
              <tr><th scope="row">Calls received</th><td><a href="/__emulator/requests"><code>GET /__emulator/requests</code></a></td></tr>
            </tbody>
          </table>
          <p>These are the emulator's own test credentials, set with EMULATOR_CLIENT_ID and EMULATOR_CLIENT_SECRET. Any Transmit client can use them against this base URL.</p>
        </body>
      </html>`);
  });

  return routes;
}
