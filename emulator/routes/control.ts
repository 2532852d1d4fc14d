import { Hono } from "hono";
import { z } from "zod";
import { AFTER_WORK_KINDS, FAULT_KINDS } from "../faults.ts";
import { resetTenant, type Tenant } from "../tenant.ts";

const FaultRequest = z.object({
  // "POST /cis/v1/users", a prefix such as "GET /cis/oidc/*", or "*".
  endpoint: z.string().regex(/^(\*|(GET|POST|PUT|PATCH|DELETE) \/\S*)$/, 'an endpoint such as "POST /cis/v1/users", a prefix ending in *, or *'),
  kind: z.enum(FAULT_KINDS),
  status: z.union([z.literal(500), z.literal(503)]).default(503),
  delay_ms: z.number().int().min(0).max(120_000).default(10_000),
  after_work: z.boolean().default(false),
  times: z.number().int().min(1).optional(),
}).refine((fault) => !fault.after_work || AFTER_WORK_KINDS.includes(fault.kind), { message: `after_work goes with the kinds ${AFTER_WORK_KINDS.join(", ")}`, path: ["after_work"] });

const RotateRequest = z.object({ retire_after_seconds: z.number().int().min(0).default(600) });

/**
 * The emulator's control interface for tests, off Transmit's paths: faults on demand,
 * signing-key rotation, and a reset of all data (docs/emulator.md).
 */
export function controlRoutes(tenant: Tenant) {
  const routes = new Hono();

  routes.get("/__emulator/faults", (c) => c.json(tenant.faults.list()));

  routes.post("/__emulator/faults", async (c) => {
    const parsed = FaultRequest.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ message: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) }, 400);
    const { endpoint, kind, status, delay_ms, after_work, times } = parsed.data;
    const fault = { endpoint, kind, status, delayMs: delay_ms, afterWork: after_work, remaining: times ?? null };
    tenant.faults.add(fault);
    return c.json(fault, 201);
  });

  routes.delete("/__emulator/faults", (c) => {
    tenant.faults.clear();
    return c.body(null, 204);
  });

  routes.post("/__emulator/keys/rotate", async (c) => {
    const parsed = RotateRequest.safeParse((await c.req.json().catch(() => ({}))) ?? {});
    if (!parsed.success) return c.json({ message: parsed.error.issues.map((issue) => issue.message) }, 400);
    const key = await tenant.keys.rotate(parsed.data.retire_after_seconds * 1000);
    return c.json({ kid: key.kid, jwks: tenant.keys.jwks() });
  });

  routes.post("/__emulator/reset", async (c) => {
    await resetTenant(tenant);
    return c.body(null, 204);
  });

  return routes;
}
