import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { authError, readJsonObject, sessionNotFound, transmitError } from "../errors.ts";
import type { Tenant } from "../tenant.ts";
import type { ClaimsRequest } from "../tokens.ts";
import { passwordMatches, passwordMatchesNobody } from "../users.store.ts";

const IDENTIFIER_FIELDS = { username: "username", email: "email", phone_number: "phone_number" } as const;

/** Backend password authentication, with failed-attempt lockout (docs/emulator.md). */
export function passwordRoutes(tenant: Tenant) {
  const routes = new Hono();
  const { config, users, sessions, tokens, lockouts } = tenant;
  routes.post("/cis/v1/auth/password/authenticate", async (c) => {
    const body = await readJsonObject(c);
    const username = body?.username;
    const password = body?.password;
    const usernameType = body?.username_type ?? "username";
    if (typeof username !== "string" || username === "" || typeof password !== "string" || password === "") {
      return transmitError(c, 400, authError("system_invalid_input", "Invalid request: username and password should not be empty"));
    }
    if (typeof usernameType !== "string" || !(usernameType in IDENTIFIER_FIELDS)) {
      return transmitError(c, 400, authError("system_invalid_input", "Invalid request: username_type must be one of username, email, phone_number"));
    }
    const user = users.find(IDENTIFIER_FIELDS[usernameType as keyof typeof IDENTIFIER_FIELDS], username);
    // The user is locked, whichever identifier they log in with; unknown ones are counted by what was typed.
    const identifier = user ? user.user_id : `${usernameType}:${username}`;
    if (lockouts.isLocked(identifier)) {
      return transmitError(c, 403, authError("auth_locked", "User is locked due to too many failed password attempts"));
    }
    const matches = user ? await passwordMatches(user, password) : await passwordMatchesNobody(password);
    if (!user || !matches) {
      lockouts.recordFailure(identifier);
      // Unknown user and wrong password answer alike, so usernames cannot be probed.
      const body = config.behaviour.passwordFailureBody === "string" ? authError("auth_invalid_credentials", "Invalid credentials") : { message: "Invalid credentials", error_code: 401 };
      return transmitError(c, 401, body);
    }
    lockouts.recordSuccess(identifier);
    if (user.password?.temporary) {
      return transmitError(c, 403, { message: "temporary_password", error_code: 403, reset_token: randomBytes(24).toString("base64url") });
    }

    const joining = sessions.joinable(body?.session_id, user.user_id);
    if (body?.session_id !== undefined && !joining) return transmitError(c, 400, sessionNotFound(config));
    const session = joining ? sessions.join(joining, "pwd") : sessions.start(user.user_id, "pwd");
    return c.json(await tokens.userTokens(user, session, body?.claims as ClaimsRequest));
  });

  return routes;
}
