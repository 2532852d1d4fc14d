/**
 * Whether a request was made by a page of another site (security-requirements CSRF-1).
 * Browsers say so in Sec-Fetch-Site; older ones only in Origin, which some send as
 * "null" for their own forms, so Origin decides only when Sec-Fetch-Site is absent.
 * A request with neither did not come from a browser page of another site.
 */
export function isCrossSite(request: { headers: Record<string, string | string[] | undefined>; host: string }): boolean {
  const site = request.headers["sec-fetch-site"];
  if (typeof site === "string") return site !== "same-origin" && site !== "none";
  const origin = request.headers.origin;
  return typeof origin === "string" && originHost(origin) !== request.host;
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
