import { fromPromise } from "xstate";
import type { AuthenticatePasswordInput, CodeSent, CreateUserInput, IdTokenClaims, LogoutInput, PasswordAuthenticated, SendCodeInput, VerifyCodeInput } from "../machines/flow.machine";
import { factorAuthenticator, InvalidFormError } from "./auth.server";
import { config } from "./config.server";
import { maskPhoneNumber } from "./phone";
import { IdTokenRejectedError } from "./id-token.server";
import { once } from "./idempotency.server";
import { endFlow, flowRef, refundCodeAttempt, refundCodeSend, takeCodeAttempt, takeCodeSend } from "./limits.server";
import { log, userRef } from "./log.server";
import { currentRequest } from "./request-scope.server";
import { CLIENT_TOKEN_ENDPOINT, ENDPOINTS, transmit } from "./transmit/client.server";
import { explain, isSessionNotFound, StepError, unavailable, type Step } from "./step-errors.server";
import { TransmitError, TransmitUnavailableError } from "./transmit/errors.server";

/** How long a signup Transmit did not answer makes a 409 for the same form count as this signup's. */
const UNANSWERED_SIGNUP_MS = 15 * 60_000;

/** Who a step is about: the work may fill it in as it learns (the user_id once the password is checked). */
type About = { userId?: string; username?: string; sessionId?: string };

/** Runs one step's Transmit work, logs its outcome, and turns every failure into a StepError. */
async function step<T>(name: Step, work: () => Promise<T>, about: About = {}): Promise<T> {
  // Who and which flow, as keyed, non-reversible references only.
  const who = () => ({
    user: about.userId ? userRef(about.userId) : about.username ? userRef(`username:${about.username}`) : undefined,
    flow: about.sessionId ? flowRef(about.sessionId) : undefined,
  });
  try {
    const result = await work();
    log.info({ event: `flow.${name}`, outcome: "success", ...who() });
    return result;
  } catch (error) {
    const refs = who();
    if (error instanceof StepError) {
      log.info({ event: `flow.${name}`, outcome: "refused", ...refs });
      throw error;
    }
    const outcome = error instanceof TransmitError ? { outcome: "rejected", status: error.status, code: error.code } : { outcome: "failed", error: (error as Error)?.name };
    if (error instanceof TransmitError && error.endpoint === CLIENT_TOKEN_ENDPOINT) {
      // The person can do nothing about the app's own credentials; the operator can.
      log.error({ event: `flow.${name}`, ...refs, ...outcome, reason: "Transmit rejected the client credentials: check TRANSMIT_CLIENT_ID and TRANSMIT_CLIENT_SECRET" });
      throw unavailable(name);
    }
    if (error instanceof TransmitError) {
      log.info({ event: `flow.${name}`, ...refs, ...outcome });
      throw explain(name, error);
    }
    if (error instanceof TransmitUnavailableError) {
      log.warn({ event: `flow.${name}`, ...refs, ...outcome, endpoint: error.endpoint, reason: error.reason });
      throw unavailable(name);
    }
    if (error instanceof IdTokenRejectedError) {
      log.error({ event: `flow.${name}`, ...refs, ...outcome, reason: error.message });
      throw new StepError("Transmit's answer could not be verified, so you were not logged in. Please try again.");
    }
    if (error instanceof InvalidFormError) throw new StepError("Please fill in the form again.");
    log.error({ event: `flow.${name}`, ...refs, ...outcome, err: error });
    throw new StepError("Something went wrong. Please try again.");
  }
}

/**
 * The Transmit calls of the flow machine, for the request being handled (request-scope.server.ts):
 * provided once, not for each request, as providing builds the whole machine again. Secrets
 * come from the request's form here, and go nowhere but Transmit.
 */
export const flowActors = {
  createUser: fromPromise<void, CreateUserInput>(({ input }) =>
    step("signup", async () => {
      // The action has validated the form; only the password is still needed from it, read as the action read it.
      const password = (await currentRequest().formData()).get("password");
      if (typeof password !== "string") throw new InvalidFormError("The signup form has no password");
      // The same submission, password included: signing up again with another password is told the username is taken.
      await once(`signup:${input.username}:${input.phoneNumber}:${password}`, async () => void (await transmit.createUser({ ...input, password })), {
        endpoint: ENDPOINTS.createUser,
        unansweredMs: UNANSWERED_SIGNUP_MS,
        // Transmit created the user before its answer was lost: the retry's 409 is this same signup.
        afterUnanswered: (refusal) => {
          if (refusal.status !== 409) throw refusal;
        },
      });
    }, { username: input.username }),
  ),
  authenticatePassword: fromPromise<PasswordAuthenticated, AuthenticatePasswordInput>(async ({ input }) => {
    const about: About = { username: input.username };
    const login = await step("login", async () => {
      const factor = await factorAuthenticator(null).authenticate("transmit-password", currentRequest());
      Object.assign(about, { userId: factor.claims.sub, sessionId: factor.sessionId });
      return factor;
    }, about);
    const phone = login.claims.phone_number;
    return { userId: login.claims.sub, sessionId: login.sessionId, phoneHint: typeof phone === "string" ? maskPhoneNumber(phone) : null, authenticatedAt: Date.now() };
  }),
  sendCode: fromPromise<CodeSent, SendCodeInput>(({ input }) =>
    step("send-code", async () => {
      const flow = flowRef(input.sessionId);
      const limited = await takeCodeSend(flow);
      if (limited?.reason === "cooldown") throw new StepError(`You can ask for a new code in ${limited.retryAfterSeconds} seconds.`);
      if (limited) throw new StepError("That was the last code this login can send. Start over to log in again.");
      const validityMinutes = config().transmit.codeValidityMinutes;
      try {
        await transmit.sendSmsCode(input.userId, validityMinutes);
      } catch (error) {
        await refundCodeSend(flow);
        throw error;
      }
      const sentAt = Date.now();
      return { sentAt, expiresAt: sentAt + validityMinutes * 60_000 };
    }, input),
  ),
  verifyCode: fromPromise<IdTokenClaims, VerifyCodeInput>(({ input }) =>
    step("verify-code", async () => {
      if (input.codeSentAt === null) throw new StepError("There is no valid code to check. Send a new code.", "passcode");
      const flow = flowRef(input.sessionId);
      if (!(await takeCodeAttempt(flow, input.codeSentAt))) throw new StepError("Too many wrong codes for this code. Send a new code.");
      try {
        const { claims } = await factorAuthenticator(input).authenticate("transmit-sms-otp", currentRequest());
        // The session joined is this flow's, so the user must be too.
        if (claims.sub !== input.userId) throw new IdTokenRejectedError("The ID token is for another user than the password's");
        return claims;
      } catch (error) {
        // A code Transmit refused, or may have used before its answer was lost, has had its try.
        const tried = (error instanceof TransmitError && error.code === "auth_invalid_credentials") || error instanceof StepError;
        if (!tried) await refundCodeAttempt(flow, input.codeSentAt);
        throw error;
      }
    }, input),
  ),
  logout: fromPromise<void, LogoutInput>(({ input }) =>
    step("logout", async () => {
      try {
        await transmit.logout(input.sessionId);
      } catch (error) {
        // Transmit answered about the session, and asking again would get the same answer (often "Session not
        // found"): the flow ends here all the same. When Transmit could not answer, or refused the app itself
        // (its client token or permissions), the session may still be open: the person tries again.
        const aboutSession = error instanceof TransmitError && error.endpoint === ENDPOINTS.logout && error.status !== 401 && error.status !== 403;
        if (!aboutSession) throw error;
        log.info({ event: "flow.logout", outcome: isSessionNotFound(error) ? "already-ended" : "refused", status: error.status, code: error.code });
      }
      // From now on, copies of this flow's cookie start afresh.
      await endFlow(flowRef(input.sessionId), input.expiresAt);
    }, input),
  ),
};
