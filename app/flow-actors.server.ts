import { fromPromise } from "xstate";
import type { CreateUserInput, FlowError, IdTokenClaims, LogoutInput, PasswordAuthenticated, SendCodeInput, VerifyCodeInput } from "../machines/flow.machine";
import { factorAuthenticator, InvalidFormError } from "./auth.server";
import { maskPhoneNumber } from "./forms";
import { IdTokenRejectedError } from "./id-token.server";
import { log, userRef } from "./log.server";
import { CLIENT_TOKEN_ENDPOINT, transmit } from "./transmit/client.server";
import { TransmitError, TransmitUnavailableError } from "./transmit/errors.server";

type Step = "signup" | "login" | "send-code" | "verify-code" | "logout";

/** The only rejection the machine sees: words for the person, and the field they concern. */
class StepError extends Error implements FlowError {
  constructor(
    message: string,
    readonly field?: FlowError["field"],
  ) {
    super(message);
  }
}

export const TRANSMIT_UNAVAILABLE = "Transmit is unavailable right now. Please try again in a moment.";

/** Transmit's own words go into the cookie with the error; keep them short. */
const MAX_DETAILS = 200;

/** What the person is told when Transmit turns a step down. */
function explain(step: Step, error: TransmitError): StepError {
  const said = error.details.join(" ").slice(0, MAX_DETAILS);
  switch (step) {
    case "signup":
      if (error.status === 409) return new StepError("That username is taken. Choose another one, or log in.", "username");
      if (error.status === 400 && /phone/i.test(said)) return new StepError("Transmit did not accept this phone number. Check it and try again.", "phoneNumber");
      if (error.status === 400 && /password/i.test(said)) return new StepError(`Transmit did not accept this password: ${said}`, "password");
      break;
    case "login":
      if (error.code === "auth_locked") return new StepError("Too many failed attempts: this account is locked for a while. Try again later.");
      if (error.status === 401 || error.code === "auth_invalid_credentials") return new StepError("The username or password is not right.", "password");
      if (error.status === 403 && said.includes("temporary_password")) return new StepError("This account has a temporary password that must be replaced before logging in here.");
      break;
    case "send-code":
      if (error.code === "auth_locked") return new StepError("Too many wrong codes: new codes are blocked for a while. Try again later, or start over.");
      if (error.code === "user_phone_number_missing") return new StepError("This account has no phone number to send a code to.");
      break;
    case "verify-code":
      if (error.code === "auth_invalid_credentials") return new StepError("That code is not right. Check the SMS and try again.", "passcode");
      if (error.code === "auth_otp_passcode_expired") return new StepError("This code has expired. Send a new code.", "passcode");
      if (error.code === "auth_locked") return new StepError("Too many wrong codes: this code no longer works. Wait a while, then send a new code.");
      if (error.code === "auth_session_not_found") return new StepError("Your session at Transmit has ended. Start over to log in again.");
      break;
    case "logout":
      break;
  }
  if (error.status === 401 || error.status === 403) return new StepError(TRANSMIT_UNAVAILABLE);
  return new StepError(said ? `Transmit did not accept this: ${said}` : "Transmit did not accept this request. Please try again.");
}

/** Runs one step's Transmit work, logs its outcome, and turns every failure into a StepError. */
async function step<T>(name: Step, work: () => Promise<T>, userId: string | null = null): Promise<T> {
  try {
    const result = await work();
    log.info({ event: `flow.${name}`, outcome: "success", user: userRef(userId) });
    return result;
  } catch (error) {
    const outcome = error instanceof TransmitError ? { outcome: "rejected", status: error.status, code: error.code } : { outcome: "failed", error: (error as Error)?.name };
    if (error instanceof TransmitError && error.endpoint === CLIENT_TOKEN_ENDPOINT) {
      // The person can do nothing about the app's own credentials; the operator can.
      log.error({ event: `flow.${name}`, user: userRef(userId), ...outcome, reason: "Transmit rejected the client credentials: check TRANSMIT_CLIENT_ID and TRANSMIT_CLIENT_SECRET" });
      throw new StepError(TRANSMIT_UNAVAILABLE);
    }
    if (error instanceof TransmitError) {
      log.info({ event: `flow.${name}`, user: userRef(userId), ...outcome });
      throw explain(name, error);
    }
    if (error instanceof TransmitUnavailableError) {
      log.warn({ event: `flow.${name}`, user: userRef(userId), ...outcome, endpoint: error.endpoint, reason: error.reason });
      throw new StepError(TRANSMIT_UNAVAILABLE);
    }
    if (error instanceof IdTokenRejectedError) {
      log.error({ event: `flow.${name}`, user: userRef(userId), ...outcome, reason: error.message });
      throw new StepError("Transmit's answer could not be verified, so you were not logged in. Please try again.");
    }
    if (error instanceof InvalidFormError) throw new StepError("Please fill in the form again.");
    log.error({ event: `flow.${name}`, user: userRef(userId), ...outcome, err: error });
    throw new StepError("Something went wrong. Please try again.");
  }
}

/**
 * The Transmit calls of the flow machine, for one request. Secrets come from the
 * request's form here, and go nowhere but Transmit.
 */
export function flowActors(request: Request) {
  return {
    createUser: fromPromise<void, CreateUserInput>(({ input }) =>
      step("signup", async () => {
        // The action has validated the form; only the password is still needed from it.
        const password = (await request.formData()).get("password");
        if (typeof password !== "string") throw new InvalidFormError("The signup form has no password");
        await transmit.createUser({ ...input, password });
      }),
    ),
    authenticatePassword: fromPromise<PasswordAuthenticated, void>(async () => {
      const login = await step("login", () => factorAuthenticator(null).authenticate("transmit-password", request));
      const phone = login.claims.phone_number;
      return { userId: login.claims.sub, sessionId: login.sessionId, phoneHint: typeof phone === "string" ? maskPhoneNumber(phone) : null };
    }),
    sendCode: fromPromise<void, SendCodeInput>(({ input }) => step("send-code", async () => void (await transmit.sendSmsCode(input.userId)), input.userId)),
    verifyCode: fromPromise<IdTokenClaims, VerifyCodeInput>(({ input }) =>
      step("verify-code", async () => (await factorAuthenticator(input).authenticate("transmit-sms-otp", request)).claims, input.userId),
    ),
    logout: fromPromise<void, LogoutInput>(({ input }) =>
      step("logout", async () => {
        try {
          await transmit.logout(input.sessionId);
        } catch (error) {
          // A session Transmit no longer knows is as logged out as it gets.
          if (!(error instanceof TransmitError) || error.status >= 500) throw error;
          log.info({ event: "flow.logout", outcome: "already-ended", status: error.status, code: error.code });
        }
      }),
    ),
  };
}
