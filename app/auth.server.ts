import { Authenticator } from "remix-auth";
import { Strategy } from "remix-auth/strategy";
import type { IdTokenClaims } from "../machines/flow.machine";
import { codeForm, loginForm, validateForm } from "./forms";
import { IdTokenRejectedError, verifyIdToken } from "./id-token.server";
import { config } from "./config.server";
import { once } from "./idempotency.server";
import { StepError } from "./step-errors.server";
import type { TokenResponse } from "./transmit/api";
import { ENDPOINTS, transmit } from "./transmit/client.server";

/** A factor Transmit accepted: its session and the claims of its verified ID token. */
export type TransmitLogin = { sessionId: string; claims: IdTokenClaims };

/** The Transmit session of the password step, which the SMS code must join. */
export type SessionBinding = { userId: string; sessionId: string };

export class InvalidFormError extends Error {
  override name = "InvalidFormError";
}

/** First factor: username and password, read from the login form. */
class PasswordStrategy extends Strategy<TransmitLogin, { username: string; password: string }> {
  name = "transmit-password";

  async authenticate(request: Request): Promise<TransmitLogin> {
    const form = validateForm(loginForm, await request.formData());
    if (!form.ok) throw new InvalidFormError("The login form is incomplete");
    return this.verify(form.value);
  }
}

/** Second factor: the SMS code, read from the code form, joined to the password step's session. */
class SmsOtpStrategy extends Strategy<TransmitLogin, { passcode: string } & SessionBinding> {
  name = "transmit-sms-otp";

  constructor(
    private readonly binding: SessionBinding,
    verify: Strategy.VerifyFunction<TransmitLogin, { passcode: string } & SessionBinding>,
  ) {
    super(verify);
  }

  async authenticate(request: Request): Promise<TransmitLogin> {
    const form = validateForm(codeForm, await request.formData());
    if (!form.ok) throw new InvalidFormError("The code form is incomplete");
    return this.verify({ passcode: form.value.passcode, ...this.binding });
  }
}

async function verifyPassword(credentials: { username: string; password: string }): Promise<TransmitLogin> {
  return loginFrom(await transmit.authenticatePassword(credentials));
}

/**
 * A code submitted twice in one flow (a double click, a second tab) reaches Transmit once,
 * and both get its result.
 */
async function verifySmsOtp(code: { passcode: string } & SessionBinding): Promise<TransmitLogin> {
  return once(`sms-otp:${code.sessionId}:${code.passcode}`, async () => loginFrom(await transmit.authenticateSmsCode(code)), {
    endpoint: ENDPOINTS.otpAuthenticate,
    unansweredMs: config().transmit.codeValidityMinutes * 60_000,
    // Transmit may have accepted the code before its answer was lost, and a code works once.
    afterUnanswered: (refusal) => {
      if (refusal.code !== "auth_invalid_credentials") throw refusal;
      throw new StepError("Transmit may have used this code before its answer was lost. Send a new code.", "passcode");
    },
  });
}

/** A factor's result, trusted only through its verified ID token. */
async function loginFrom(tokens: TokenResponse): Promise<TransmitLogin> {
  const claims = await verifyIdToken(tokens.id_token);
  if (typeof tokens.session_id !== "string" || tokens.session_id === "") throw new IdTokenRejectedError("Transmit returned no session_id");
  return { sessionId: tokens.session_id, claims };
}

/**
 * The two factors as remix-auth strategies. Each reads its secret straight from the
 * request's form, so passwords and codes never pass through the flow machine. The
 * SMS strategy exists only for a flow that has a session to bind the code to.
 */
export function factorAuthenticator(binding: SessionBinding | null): Authenticator<TransmitLogin> {
  const authenticator = new Authenticator<TransmitLogin>().use(new PasswordStrategy(verifyPassword));
  return binding ? authenticator.use(new SmsOtpStrategy(binding, verifySmsOtp)) : authenticator;
}
