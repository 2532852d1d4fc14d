import { Hono } from "hono";
import { authError, readJsonObject, sessionNotFound, transmitError } from "../errors.ts";
import type { Tenant } from "../tenant.ts";
import type { ClaimsRequest } from "../tokens.ts";
import type { OtpChannel } from "../otp-codes.ts";
import type { StoredUser } from "../users.store.ts";

const IDENTIFIER_TYPES = ["user_id", "username", "email", "phone_number"] as const;
type IdentifierType = (typeof IDENTIFIER_TYPES)[number];
const CHANNELS = ["sms", "email", "direct"] as const;
/** The `amr` value of each channel: SMS is `sms`, email OTP is `eotp` (Transmit's ID token reference). */
const AMR = { sms: "sms", email: "eotp", direct: "sms" } as const;
const CODE_LOCKED = authError("auth_locked", "One time code invalid due to multiple failed attempts");

/** Backend one-time codes: send and authenticate (docs/emulator.md). */
export function otpRoutes(tenant: Tenant) {
  const routes = new Hono();
  const { config, users, sessions, codes, outbox, tokens } = tenant;

  function findUser(type: IdentifierType, identifier: string): StoredUser | undefined {
    return type === "user_id" ? users.byId(identifier) : users.find(type, identifier);
  }

  function readIdentifier(body: Record<string, unknown> | null) {
    const type = body?.identifier_type;
    const identifier = body?.identifier;
    if (typeof identifier !== "string" || identifier === "" || !IDENTIFIER_TYPES.includes(type as IdentifierType)) return null;
    return { type: type as IdentifierType, identifier };
  }

  routes.post("/cis/v1/auth/otp/send", async (c) => {
    const body = await readJsonObject(c);
    const target = readIdentifier(body);
    const channel = body?.channel;
    const expiresIn = body?.expires_in;
    if (!target || !CHANNELS.includes(channel as (typeof CHANNELS)[number])) {
      return transmitError(c, 400, authError("system_invalid_input", "Invalid request: channel, identifier_type and identifier are required"));
    }
    if (expiresIn !== undefined && !isPositiveInteger(expiresIn)) {
      return transmitError(c, 400, authError("system_invalid_input", "Invalid request: expires_in must be a positive number of minutes"));
    }
    const user = findUser(target.type, target.identifier);
    if (!user) return transmitError(c, 404, authError("user_not_found", "User not found"));
    const key = `${target.type}:${target.identifier}`;
    if (config.behaviour.otpSendWhileLocked === "refuse" && codes.isLocked(key)) {
      return transmitError(c, 403, CODE_LOCKED);
    }
    const destination = channel === "email" ? user.email : typeof body?.custom_phone_number === "string" ? body.custom_phone_number : user.phone_number;
    if (channel === "sms" && !destination) return transmitError(c, 404, authError("user_phone_number_missing", "User has no phone number"));
    if (channel === "email" && !destination) return transmitError(c, 404, authError("user_email_address_missing", "User has no email address"));

    const code = codes.issue(key, channel as OtpChannel, expiresIn as number | undefined);
    if (channel === "direct") return c.json({ message: "OTP sent", code });
    outbox.record(destination as string, code, config.appName);
    return c.json({ message: "OTP sent" });
  });

  routes.post("/cis/v1/auth/otp/authenticate", async (c) => {
    const body = await readJsonObject(c);
    const target = readIdentifier(body);
    const passcode = body?.passcode;
    if (!target || typeof passcode !== "string" || passcode === "") {
      return transmitError(c, 400, authError("system_invalid_input", "Invalid request: passcode, identifier_type and identifier are required"));
    }
    const user = findUser(target.type, target.identifier);
    const joining = sessions.joinable(body?.session_id, user?.user_id);
    if (body?.session_id !== undefined && !joining) return transmitError(c, 400, sessionNotFound(config));
    if (!user) return transmitError(c, 400, authError("auth_invalid_credentials", "Invalid passcode"));

    const check = codes.check(`${target.type}:${target.identifier}`, passcode);
    switch (check.result) {
      case "locked":
        return transmitError(c, 403, CODE_LOCKED);
      case "expired":
        return transmitError(c, 400, authError("auth_otp_passcode_expired", "Passcode expired"));
      case "wrong":
      case "none":
        return transmitError(c, 400, authError("auth_invalid_credentials", "Invalid passcode"));
      case "valid": {
        const method = AMR[check.channel];
        const session = joining ? sessions.join(joining, method) : sessions.start(user.user_id, method);
        if (check.channel === "sms") await users.markPhoneVerified(user);
        return c.json(await tokens.userTokens(user, session, body?.claims as ClaimsRequest));
      }
    }
  });

  return routes;
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}
