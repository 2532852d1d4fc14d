import { Hono } from "hono";
import { isValidPhoneNumber } from "libphonenumber-js/max";
import { readJsonObject, transmitError, validationError } from "../errors.ts";
import type { Tenant } from "../tenant.ts";
import { toApiUser } from "../users.store.ts";

const E164 = /^\+[1-9]\d{1,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Create user and get user by username (docs/emulator.md). */
export function userRoutes(tenant: Tenant) {
  const routes = new Hono();
  const { config, users } = tenant;

  routes.post("/cis/v1/users", async (c) => {
    const body = await readJsonObject(c);
    if (!body) return transmitError(c, 400, validationError(["Bad request"]));
    const { username, email, phone_number, credentials } = body;

    const problems: string[] = [];
    if (username !== undefined && (typeof username !== "string" || username.length === 0)) problems.push("username must be a non-empty string");
    if (email !== undefined && (typeof email !== "string" || !EMAIL.test(email))) problems.push("email must be an email");
    if (phone_number !== undefined && (typeof phone_number !== "string" || !E164.test(phone_number) || !isValidPhoneNumber(phone_number))) {
      problems.push("phone_number must be a valid phone number");
    }
    if (email === undefined && phone_number === undefined) problems.push("An email or a phone_number are required");
    const password = readPasswordInput(credentials, problems);
    if (password && password.value.length < config.password.minLength) {
      problems.push(`password must be at least ${config.password.minLength} characters long`);
    }
    if (problems.length > 0) return transmitError(c, 400, validationError(problems));

    const user = await users.create({
      username: typeof username === "string" ? username : null,
      email: typeof email === "string" ? email : null,
      phone_number: typeof phone_number === "string" ? phone_number : null,
      password,
    });
    if (!user) return transmitError(c, 409, { message: "Username already exists", error_code: 409, ts_error_code: "identifier_taken" });
    return c.json({ result: toApiUser(user, config.appName) }, 201);
  });

  routes.get("/cis/v1/users/username/:username", (c) => {
    const user = users.find("username", c.req.param("username"));
    if (!user) return transmitError(c, 404, { message: "User not found", error_code: 404 });
    return c.json({ result: toApiUser(user, config.appName) });
  });

  return routes;
}

function readPasswordInput(credentials: unknown, problems: string[]): { value: string; temporary: boolean } | null {
  if (credentials === undefined) return null;
  if (typeof credentials !== "object" || credentials === null) {
    problems.push("credentials must be an object");
    return null;
  }
  const { password, force_replace } = credentials as Record<string, unknown>;
  if (typeof password !== "string") {
    problems.push("credentials.password must be a string");
    return null;
  }
  if (force_replace !== undefined && typeof force_replace !== "boolean") {
    problems.push("credentials.force_replace must be a boolean value");
    return null;
  }
  // Transmit's default: the password is temporary unless force_replace is false.
  return { value: password, temporary: force_replace ?? true };
}
