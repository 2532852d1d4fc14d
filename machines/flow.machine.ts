import { assign, fromPromise, setup, type ErrorActorEvent } from "xstate";

/**
 * The multi-factor flow: sign up, password, SMS code, complete, restart.
 *
 * The definition is pure. Every Transmit call is an invoked promise actor whose
 * implementation the app supplies with `flowMachine.provide`, so unit tests run the
 * same definition with fakes, and nothing here needs the server.
 *
 * Passwords and codes never enter the machine: the app reads them from the form
 * of the request that sends them to Transmit.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Claims of an ID token that the app has verified. */
export type IdTokenClaims = { sub: string; amr?: string[] } & { [claim: string]: JsonValue };

/** What went wrong in the last step, in words for the person, and the field it concerns. */
export type FlowError = {
  message: string;
  field?: "username" | "password" | "phoneNumber" | "passcode";
  /** Transmit no longer knows the session the code was to join: only a new login helps. */
  sessionEnded?: true;
};

export type FlowNotice = "user-created" | "code-sent";

export type FlowContext = {
  /** Kept to prefill the login form after signup. */
  username: string | null;
  /** Transmit's user_id (the ID token's `sub`), the identifier of the SMS code. */
  userId: string | null;
  /** Transmit's session_id from the password step; the code must join it. */
  sessionId: string | null;
  /** The phone number the code goes to, masked for display. */
  phoneHint: string | null;
  /** Verified claims of the final ID token; set only when `amr` contains `mfa`. */
  claims: IdTokenClaims | null;
  /** When the flow ends (epoch ms): 15 minutes after the password, or when the authentication ends. */
  expiresAt: number | null;
  /** When the last code was sent, and when it stops being valid (epoch ms). */
  codeSentAt: number | null;
  codeExpiresAt: number | null;
  notice: FlowNotice | null;
  error: FlowError | null;
};

export type FlowEvent =
  | { type: "SIGN_UP"; username: string; phoneNumber: string }
  | { type: "GO_TO_LOGIN" }
  | { type: "GO_TO_SIGNUP" }
  | { type: "LOG_IN"; username: string }
  | { type: "SUBMIT_CODE" }
  | { type: "RESEND_CODE" }
  | { type: "RESTART" }
  /** Sent by the server when a request finds `expiresAt` passed. */
  | { type: "EXPIRE" }
  /** Sent by the server when a request finds `codeExpiresAt` passed. */
  | { type: "CODE_EXPIRED" };

export type CreateUserInput = { username: string; phoneNumber: string };
export type AuthenticatePasswordInput = { username: string };
export type PasswordAuthenticated = { userId: string; sessionId: string; phoneHint: string | null; authenticatedAt: number };
export type CodeSent = { sentAt: number; expiresAt: number };
export type SendCodeInput = { userId: string; sessionId: string };
export type VerifyCodeInput = { userId: string; sessionId: string; codeSentAt: number | null };
export type LogoutInput = { userId: string; sessionId: string; expiresAt: number | null };

/** A pending flow ends this long after the password step (security-requirements FLOW-2). */
export const PENDING_FLOW_MS = 15 * 60_000;
/** An authentication ends after 12 hours at the most, or earlier when its ID token expires. */
export const AUTHENTICATED_MAX_MS = 12 * 60 * 60_000;
/** A flow's cookie outlives its deadline by this much, so that the next request can still say why it ended. */
export const FLOW_EXPIRY_NOTICE_MS = 10 * 60_000;

/** Tag of every state where the flow waits for the person: the only snapshots ever persisted. */
export const AWAITING_USER = "awaitingUser";

/** Everything of the Transmit session, forgotten when it ends; the username and the message stay. */
const forgetSession = {
  userId: null,
  sessionId: null,
  phoneHint: null,
  claims: null,
  expiresAt: null,
  codeSentAt: null,
  codeExpiresAt: null,
} satisfies Partial<FlowContext>;

export const initialContext: FlowContext = { username: null, ...forgetSession, notice: null, error: null };

/** When the ID token expires, or 12 hours after authentication, whichever is first; at once without an `exp`. */
function authenticationEnds({ exp, auth_time, iat }: IdTokenClaims): number {
  if (typeof exp !== "number") return 0;
  const authenticatedAt = typeof auth_time === "number" ? auth_time : typeof iat === "number" ? iat : exp;
  return Math.min(exp, authenticatedAt + AUTHENTICATED_MAX_MS / 1000) * 1000;
}

function notProvided(name: string): never {
  throw new Error(`The ${name} actor must be provided with flowMachine.provide`);
}

/** Actors reject with anything; the person sees its `message` when it has one. */
function toFlowError(error: unknown): FlowError {
  if (typeof error !== "object" || error === null || !("message" in error) || typeof error.message !== "string") {
    return { message: "Something went wrong. Please try again." };
  }
  const { field, sessionEnded } = error as Partial<FlowError>;
  return { message: error.message, ...(field && { field }), ...(sessionEnded && { sessionEnded }) };
}

/** The onError action of every Transmit call: keep what went wrong for the page to show. */
const failWith = { type: "recordError", params: ({ event }: { event: ErrorActorEvent }) => ({ error: event.error }) } as const;

export const flowMachine = setup({
  types: {
    context: {} as FlowContext,
    events: {} as FlowEvent,
  },
  actors: {
    createUser: fromPromise<void, CreateUserInput>(async () => notProvided("createUser")),
    authenticatePassword: fromPromise<PasswordAuthenticated, AuthenticatePasswordInput>(async () => notProvided("authenticatePassword")),
    sendCode: fromPromise<CodeSent, SendCodeInput>(async () => notProvided("sendCode")),
    verifyCode: fromPromise<IdTokenClaims, VerifyCodeInput>(async () => notProvided("verifyCode")),
    logout: fromPromise<void, LogoutInput>(async () => notProvided("logout")),
  },
  actions: {
    recordError: assign((_, params: { error: unknown }) => ({ error: toFlowError(params.error) })),
  },
  guards: {
    amrHasMfa: (_, claims: IdTokenClaims) => Array.isArray(claims.amr) && claims.amr.includes("mfa"),
    sessionEnded: (_, params: { error: unknown }) => toFlowError(params.error).sessionEnded === true,
    authenticated: ({ context }) => context.claims !== null,
  },
}).createMachine({
  id: "mfaFlow",
  // Bump when a persisted snapshot of the previous definition can no longer be restored.
  version: "2",
  initial: "signup",
  context: initialContext,
  states: {
    signup: {
      tags: [AWAITING_USER],
      on: {
        SIGN_UP: {
          target: "creatingUser",
          actions: assign({ username: ({ event }) => event.username, notice: null, error: null }),
        },
        GO_TO_LOGIN: { target: "login", actions: assign({ notice: null, error: null }) },
      },
    },
    creatingUser: {
      invoke: {
        src: "createUser",
        input: ({ event }) => {
          if (event.type !== "SIGN_UP") throw new Error(`creatingUser entered on ${event.type}`);
          return { username: event.username, phoneNumber: event.phoneNumber };
        },
        onDone: { target: "login", actions: assign({ notice: "user-created" }) },
        onError: { target: "signup", actions: failWith },
      },
    },
    login: {
      tags: [AWAITING_USER],
      on: {
        LOG_IN: {
          target: "authenticatingPassword",
          actions: assign({ username: ({ event }) => event.username, notice: null, error: null }),
        },
        GO_TO_SIGNUP: { target: "signup", actions: assign({ notice: null, error: null }) },
      },
    },
    authenticatingPassword: {
      invoke: {
        src: "authenticatePassword",
        // The username only names the attempt in the logs; the strategy reads the form itself.
        input: ({ context }) => ({ username: required(context.username, "username") }),
        onDone: {
          target: "sendingCode",
          actions: assign({
            userId: ({ event }) => event.output.userId,
            sessionId: ({ event }) => event.output.sessionId,
            phoneHint: ({ event }) => event.output.phoneHint,
            expiresAt: ({ event }) => event.output.authenticatedAt + PENDING_FLOW_MS,
          }),
        },
        onError: { target: "login", actions: failWith },
      },
    },
    sendingCode: {
      invoke: {
        src: "sendCode",
        input: ({ context }) => ({ userId: required(context.userId, "userId"), sessionId: required(context.sessionId, "sessionId") }),
        onDone: {
          target: "otp",
          actions: assign({
            codeSentAt: ({ event }) => event.output.sentAt,
            codeExpiresAt: ({ event }) => event.output.expiresAt,
            notice: "code-sent",
            error: null,
          }),
        },
        // The password step stands; the person can ask for another code from the code page.
        onError: { target: "otp", actions: [assign({ notice: null }), failWith] },
      },
    },
    otp: {
      tags: [AWAITING_USER],
      on: {
        SUBMIT_CODE: { target: "verifyingCode", actions: assign({ notice: null, error: null }) },
        RESEND_CODE: { target: "sendingCode", actions: assign({ notice: null, error: null }) },
        RESTART: { target: "loggingOut", actions: assign({ notice: null, error: null }) },
        EXPIRE: {
          target: "expiring",
          actions: assign({ notice: null, error: { message: "More than 15 minutes passed since your password, so this login has expired. Please log in again." } }),
        },
        CODE_EXPIRED: {
          target: "otp",
          actions: assign({ codeSentAt: null, codeExpiresAt: null, notice: null, error: { message: "This code has expired. Send a new code.", field: "passcode" } }),
        },
      },
    },
    verifyingCode: {
      invoke: {
        src: "verifyCode",
        input: ({ context }) => ({
          userId: required(context.userId, "userId"),
          sessionId: required(context.sessionId, "sessionId"),
          codeSentAt: context.codeSentAt,
        }),
        onDone: [
          {
            guard: { type: "amrHasMfa", params: ({ event }) => event.output },
            target: "complete",
            actions: assign({ claims: ({ event }) => event.output, expiresAt: ({ event }) => authenticationEnds(event.output), codeSentAt: null, codeExpiresAt: null }),
          },
          {
            target: "otp",
            actions: assign({
              error: { message: "Transmit did not confirm multi-factor authentication. Start over to log in again." },
            }),
          },
        ],
        onError: [
          {
            guard: { type: "sessionEnded", params: ({ event }) => ({ error: event.error }) },
            target: "login",
            actions: [assign(forgetSession), failWith],
          },
          { target: "otp", actions: failWith },
        ],
      },
    },
    complete: {
      tags: [AWAITING_USER],
      on: {
        RESTART: { target: "loggingOut", actions: assign({ error: null }) },
        EXPIRE: { target: "expiring", actions: assign({ error: { message: "Your session has ended. Please log in again." } }) },
      },
    },
    // A flow past its deadline: end the Transmit session too, whatever the answer, and log in again.
    expiring: {
      invoke: {
        src: "logout",
        input: ({ context }) => ({ userId: required(context.userId, "userId"), sessionId: required(context.sessionId, "sessionId"), expiresAt: context.expiresAt }),
        onDone: { target: "login", actions: assign(forgetSession) },
        onError: { target: "login", actions: assign(forgetSession) },
      },
    },
    // Restart ends the flow only once Transmit has ended its session (docs/decisions/002-logout-waits-for-transmit.md):
    // until then the person stays where they were, told so, and can try again.
    loggingOut: {
      invoke: {
        src: "logout",
        input: ({ context }) => ({ userId: required(context.userId, "userId"), sessionId: required(context.sessionId, "sessionId"), expiresAt: context.expiresAt }),
        onDone: { target: "signup", actions: assign(() => initialContext) },
        onError: [
          { guard: "authenticated", target: "complete", actions: failWith },
          { target: "otp", actions: failWith },
        ],
      },
    },
  },
});

function required<T>(value: T | null, name: string): T {
  if (value === null) throw new Error(`The flow has no ${name} in this state`);
  return value;
}

/** The states where the flow waits for the person, one page each. */
export type AwaitingState = "signup" | "login" | "otp" | "complete";
export const AWAITING_STATES: readonly AwaitingState[] = ["signup", "login", "otp", "complete"];
