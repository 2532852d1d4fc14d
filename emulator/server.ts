import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { EmulatorConfig } from "./config.ts";
import { INTERNAL_ERROR, invalidToken, transmitError } from "./errors.ts";
import { faultyAnswer } from "./faults.ts";
import type { OutboxMessage } from "./outbox.ts";
import { passwordRoutes } from "./routes/auth-password.ts";
import { otpRoutes } from "./routes/auth-otp.ts";
import { sessionRoutes } from "./routes/auth-session.ts";
import { controlRoutes } from "./routes/control.ts";
import { inspectRoutes } from "./routes/inspect.ts";
import { oidcRoutes } from "./routes/oidc.ts";
import { userRoutes } from "./routes/users.ts";
import { openTenant, type Tenant } from "./tenant.ts";

export type RunningEmulator = { url: string; tenant: Tenant; close: () => Promise<void> };

function emulatorApp(tenant: Tenant) {
  const app = new Hono();

  // Transmit's paths are counted and can be made to misbehave; the emulator's own are not.
  app.use("*", async (c, next) => {
    if (c.req.path.startsWith("/__emulator")) return next();
    tenant.requests.count(c.req.method, c.req.path);
    const fault = tenant.faults.take(c.req.method, c.req.path);
    if (fault?.afterWork) {
      await next();
      // What the endpoint did stays done; its answer is lost on the way back.
      c.res = (await faultyAnswer(c, fault, tenant.config)) ?? c.res;
      return;
    }
    const answer = fault ? await faultyAnswer(c, fault, tenant.config) : null;
    if (answer) return answer;
    await next();
  });

  // Every /cis/v1 call needs a client access token of this tenant (docs/emulator.md).
  app.use("/cis/v1/*", async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const token = header.startsWith("Bearer ") ? header.slice(7) : "";
    if (!token || !(await tenant.tokens.isClientAccessToken(token))) return transmitError(c, 401, invalidToken(tenant.config));
    await next();
  });

  app.route("/", oidcRoutes(tenant));
  app.route("/", userRoutes(tenant));
  app.route("/", passwordRoutes(tenant));
  app.route("/", otpRoutes(tenant));
  app.route("/", sessionRoutes(tenant));
  app.route("/", inspectRoutes(tenant));
  app.route("/", controlRoutes(tenant));

  app.notFound((c) => transmitError(c, 404, { message: "Not found", error_code: 404 }));
  app.onError((error, c) => {
    console.error("[emulator] internal error:", error);
    return transmitError(c, 500, INTERNAL_ERROR);
  });
  return app;
}

export async function startEmulator(config: EmulatorConfig, onSms: (message: OutboxMessage) => void): Promise<RunningEmulator> {
  const tenant = await openTenant(config, onSms);
  const app = emulatorApp(tenant);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: "127.0.0.1" }, () => resolve(started));
    started.once("error", reject);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  return {
    url: `http://localhost:${port}`,
    tenant,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
