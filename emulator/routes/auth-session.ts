import { Hono } from "hono";
import { authError, readJsonObject, transmitError } from "../errors.ts";
import type { Tenant } from "../tenant.ts";

/** Backend session logout (docs/emulator.md); an unknown or ended session answers as configured. */
export function sessionRoutes(tenant: Tenant) {
  const routes = new Hono();

  routes.post("/cis/v1/auth/session/logout", async (c) => {
    const sessionId = (await readJsonObject(c))?.session_id;
    if (typeof sessionId !== "string" || sessionId === "") {
      return transmitError(c, 400, authError("system_invalid_input", "Invalid request: session_id should not be empty"));
    }
    const ended = tenant.sessions.end(sessionId);
    if (!ended && tenant.config.behaviour.logoutUnknownSession === 404) {
      return transmitError(c, 404, authError("auth_session_not_found", "Session not found"));
    }
    return c.body(null, 204);
  });

  return routes;
}
