import { createCookieSessionStorage } from "@remix-run/node";
import { config } from "./config.server";

/** The longest a flow may live in the browser: an authenticated session ends after 12 hours. */
export const FLOW_COOKIE_MAX_AGE_SECONDS = 12 * 60 * 60;

type SessionData = { flow: unknown };

/** The flow's cookie: signed with SESSION_SECRET (the first secret signs, all of them verify). */
export const flowSessions = createCookieSessionStorage<SessionData>({
  cookie: {
    name: "mfa_flow",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: config().secureCookies,
    secrets: config().sessionSecrets,
    maxAge: FLOW_COOKIE_MAX_AGE_SECONDS,
  },
});
