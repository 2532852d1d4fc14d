import { config } from "./config.server";

/**
 * Headers on every response, assets included (security-requirements A7): no sniffing,
 * no referrer beyond this site (no-referrer would make browsers send Origin: null on
 * the app's own forms), no opener (but the inspector's, when it is on), HSTS in production.
 */
export function baseHeaders(): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    // The Stately inspector's window (FLOW_INSPECTOR=on) is another site that the page must keep talking to.
    "Cross-Origin-Opener-Policy": config().flowInspector ? "same-origin-allow-popups" : "same-origin",
    ...(config().secureCookies && { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" }),
  };
}

/** For any response that set neither (redirects, the server's own pages): nothing to run or frame, nothing to keep. */
export const FALLBACK_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Cache-Control": "no-store",
};

/** What the app renders shows someone's flow: no browser or proxy may keep a copy. The server adds baseHeaders(). */
function common(headers: Headers) {
  headers.set("Cache-Control", "no-store");
}

/** A page: scripts run only with this response's nonce (and what they load), nothing may frame it. */
export function setDocumentHeaders(headers: Headers, nonce: string) {
  common(headers);
  headers.set(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'nonce-${nonce}' 'strict-dynamic'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "form-action 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
}

/** Data for the page's scripts: nothing in it is ever to be rendered or framed on its own. */
export function setDataHeaders(headers: Headers) {
  common(headers);
  headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
}
