import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { EmulatorConfig } from "./config.ts";

/**
 * Transmit's error bodies (docs/emulator.md). Identity endpoints use a numeric
 * `error_code` and, for validation, a `message` array; the auth endpoints use a
 * snake_case string `error_code`.
 */
export type TransmitErrorBody =
  | { message: string | string[]; error_code: number | string; ts_error_code?: string; reset_token?: string }
  | { error: string; error_description: string };

export function transmitError(c: Context, status: ContentfulStatusCode, body: TransmitErrorBody) {
  return c.json(body, status);
}

export function validationError(messages: string[]) {
  return { message: messages, error_code: 400 };
}

export function authError(error_code: string, message: string) {
  return { error_code, message };
}

/** A missing, bad or expired client access token: both candidate bodies (docs/emulator.md). */
export function invalidToken(config: EmulatorConfig): TransmitErrorBody {
  return config.behaviour.invalidTokenBody === "numeric"
    ? { message: "Invalid token", error_code: 401 }
    : authError("unauthorized_request", "Unauthorized request: JWT access token is missing or invalid");
}

export function sessionNotFound(config: EmulatorConfig): TransmitErrorBody {
  return authError(config.behaviour.unknownSessionCode, "Session not found");
}

export const INTERNAL_ERROR = { message: "Something went wrong - Internal server error", error_code: 500 };

/** Reads a JSON (or, as Transmit's NestJS parsers also take, form-encoded) object body; null when it is not one. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown> | null> {
  try {
    if ((c.req.header("content-type") ?? "").includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(await c.req.text()));
    const body: unknown = await c.req.json();
    return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
