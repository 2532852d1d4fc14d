import type { FlowError } from "../machines/flow.machine";
import type { TransmitError } from "./transmit/errors.server";

export type Step = "signup" | "login" | "send-code" | "verify-code" | "logout";

/** The only rejection the machine sees: words for the person, the field they concern, and whether the Transmit session is gone. */
export class StepError extends Error implements FlowError {
  constructor(
    message: string,
    readonly field?: FlowError["field"],
    readonly sessionEnded?: true,
  ) {
    super(message);
  }
}

export const TRANSMIT_UNAVAILABLE = "Transmit is unavailable right now. Please try again in a moment.";

/** Transmit could not answer: the step can be tried again as it is. */
export function unavailable(step: Step): StepError {
  return new StepError(step === "logout" ? "Transmit is unavailable right now, so you are not logged out yet. Please try again in a moment." : TRANSMIT_UNAVAILABLE);
}

/** Transmit's own words go into the cookie with the error; keep them short. */
const MAX_DETAILS = 200;

/** What the person is told when Transmit turns a step down (docs/emulator.md lists the answers). */
export function explain(step: Step, error: TransmitError): StepError {
  const said = error.details.join(" ").slice(0, MAX_DETAILS);
  switch (step) {
    case "signup":
      if (error.status === 409) return new StepError("That username is taken. Choose another one, or log in.", "username");
      // Validation messages name the field first, as in "phone_number must be a valid phone number".
      if (error.status === 400 && aboutField(error, "phone_number")) return new StepError("Transmit did not accept this phone number. Check it and try again.", "phoneNumber");
      if (error.status === 400 && aboutField(error, "password")) return new StepError(`Transmit did not accept this password: ${said}`, "password");
      break;
    case "login":
      if (error.code === "auth_locked") return new StepError("Too many failed attempts: this account is locked for a while. Try again later.");
      if (error.status === 401 || error.code === "auth_invalid_credentials") return new StepError("The username or password is not right.", "password");
      if (error.status === 403 && said.includes("temporary_password")) return new StepError("This account has a temporary password that must be replaced before logging in here.");
      break;
    case "send-code":
      if (error.code === "auth_locked") return new StepError("Too many wrong codes: new codes are blocked for a while. Wait, then start over and log in again.");
      if (error.code === "user_not_found") return new StepError("Transmit no longer knows this account. Please sign up again.");
      if (error.code === "user_phone_number_missing") return new StepError("This account has no phone number to send a code to.");
      break;
    case "verify-code":
      if (error.code === "auth_invalid_credentials") return new StepError("That code is not right. Check the SMS and try again.", "passcode");
      if (error.code === "auth_otp_passcode_expired") return new StepError("This code has expired. Send a new code.", "passcode");
      if (error.code === "auth_locked") return new StepError("Too many wrong codes: this code no longer works. Send a new code.");
      if (isSessionNotFound(error)) {
        return new StepError("Your session at Transmit has ended. Please log in again.", undefined, true);
      }
      break;
  }
  if (error.status === 401 || error.status === 403) return unavailable(step);
  return new StepError(said ? `Transmit did not accept this: ${said}` : "Transmit did not accept this request. Please try again.");
}

/** Transmit's spec has no code for an unknown session; its sibling endpoints say "Session not found". */
export function isSessionNotFound(error: TransmitError): boolean {
  return error.code === "auth_session_not_found" || error.details.some((detail) => /session not found/i.test(detail));
}

function aboutField(error: TransmitError, field: string): boolean {
  return error.details.some((detail) => detail.startsWith(field) || detail.startsWith(`credentials.${field}`));
}
