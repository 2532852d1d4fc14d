import type { FetchImplementation } from "jose";
import pRetry from "p-retry";
import { config, type AppConfig } from "../config.server";
import type {
  ClientTokenRequest,
  ClientTokenResponse,
  CreateUserRequest,
  CreateUserResponse,
  LogoutRequest,
  OtpAuthenticateRequest,
  OtpSendRequest,
  OtpSendResponse,
  PasswordAuthenticateRequest,
  TokenResponse,
} from "./api";
import { callTransmit } from "./calls.server";
import { parseErrorBody, TransmitError, TransmitUnavailableError } from "./errors.server";

export type TransmitClientOptions = Pick<AppConfig["transmit"], "apiBase" | "clientId" | "clientSecret" | "timeoutMs" | "retries" | "retryDelayMs">;

export const CLIENT_TOKEN_ENDPOINT = "/oidc/token";
export const JWKS_ENDPOINT = "/cis/oidc/jwks";

/** The paths of the calls the flow makes; errors name the one that failed. */
export const ENDPOINTS = {
  createUser: "/cis/v1/users",
  passwordAuthenticate: "/cis/v1/auth/password/authenticate",
  otpSend: "/cis/v1/auth/otp/send",
  otpAuthenticate: "/cis/v1/auth/otp/authenticate",
  logout: "/cis/v1/auth/session/logout",
} as const;

/** Refresh the client token this long before Transmit says it expires (half its lifetime, if that is shorter). */
const TOKEN_EXPIRY_MARGIN_MS = 60_000;

/**
 * The Transmit backend APIs this app calls, and nothing else. Each call has a
 * timeout; the client access token is cached until shortly before it expires.
 * Only reads that change nothing at Transmit (the client token, the JWKS) are
 * retried after a failure: a user or a code must never be created twice.
 */
export class TransmitClient {
  private token: { value: string; expiresAt: number } | null = null;
  private tokenRequest: Promise<string> | null = null;

  constructor(private readonly options: TransmitClientOptions) {}

  get jwksUrl(): URL {
    return new URL(`${this.options.apiBase}${JWKS_ENDPOINT}`);
  }

  /** For jose's remote JWKS: the key set, through this client's timeout, logging and retries. */
  readonly fetchJwks: FetchImplementation = () =>
    this.retried(async () => {
      const keys = await this.read<object>(JWKS_ENDPOINT, await this.fetch(JWKS_ENDPOINT, { method: "GET", headers: { accept: "application/json" } }));
      return Response.json(keys);
    });

  createUser(user: { username: string; phoneNumber: string; password: string }): Promise<CreateUserResponse> {
    return this.call("POST", ENDPOINTS.createUser, {
      username: user.username,
      phone_number: user.phoneNumber,
      credentials: { password: user.password, force_replace: false },
    } satisfies CreateUserRequest);
  }

  /** The ID token carries the phone number, so the next step needs no user lookup. */
  authenticatePassword(credentials: { username: string; password: string }): Promise<TokenResponse> {
    return this.call("POST", ENDPOINTS.passwordAuthenticate, {
      username: credentials.username,
      password: credentials.password,
      claims: { id_token: { phone_number: null } },
    } satisfies PasswordAuthenticateRequest);
  }

  /** The code is valid `expiresInMinutes`, so that Transmit and the code page end together. */
  sendSmsCode(userId: string, expiresInMinutes: number): Promise<OtpSendResponse> {
    return this.call("POST", ENDPOINTS.otpSend, {
      channel: "sms",
      identifier_type: "user_id",
      identifier: userId,
      expires_in: expiresInMinutes,
    } satisfies OtpSendRequest);
  }

  /** Joining the password step's session is what makes the result multi-factor. */
  authenticateSmsCode(code: { userId: string; passcode: string; sessionId: string }): Promise<TokenResponse> {
    return this.call("POST", ENDPOINTS.otpAuthenticate, {
      passcode: code.passcode,
      identifier_type: "user_id",
      identifier: code.userId,
      session_id: code.sessionId,
    } satisfies OtpAuthenticateRequest);
  }

  logout(sessionId: string): Promise<void> {
    return this.call("POST", ENDPOINTS.logout, { session_id: sessionId } satisfies LogoutRequest);
  }

  private async call<T>(method: string, path: string, body: unknown): Promise<T> {
    const send = (token: string) =>
      this.fetch(path, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
    const wasCached = this.hasFreshToken();
    const token = await this.clientToken();
    try {
      return await this.read<T>(path, await send(token));
    } catch (error) {
      if (!isClientTokenRejection(error)) throw error;
      // Only a cached token can have expired or been revoked meanwhile: fetch a new one, once.
      if (!wasCached) throw rejectedToken(path);
      if (this.token?.value === token) this.token = null;
      return this.read<T>(path, await send(await this.clientToken())).catch((retried: unknown) => {
        throw isClientTokenRejection(retried) ? rejectedToken(path) : retried;
      });
    }
  }

  private hasFreshToken(): boolean {
    return this.token !== null && this.token.expiresAt > Date.now();
  }

  private async clientToken(): Promise<string> {
    const cached = this.token;
    if (cached && cached.expiresAt > Date.now()) return cached.value;
    // Concurrent requests share one token request.
    this.tokenRequest ??= this.retried(() => this.requestClientToken()).finally(() => (this.tokenRequest = null));
    return this.tokenRequest;
  }

  private async requestClientToken(): Promise<string> {
    const path = CLIENT_TOKEN_ENDPOINT;
    const response = await this.fetch(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
      } satisfies ClientTokenRequest),
    });
    const token = await this.read<ClientTokenResponse>(path, response);
    if (typeof token.access_token !== "string" || typeof token.expires_in !== "number") {
      throw new TransmitUnavailableError(path, "the token response has no access_token or expires_in");
    }
    const lifetimeMs = token.expires_in * 1000;
    this.token = { value: token.access_token, expiresAt: Date.now() + lifetimeMs - Math.min(TOKEN_EXPIRY_MARGIN_MS, lifetimeMs / 2) };
    return token.access_token;
  }

  /** Tries `read` again while Transmit cannot answer, waiting longer each time. */
  private retried<T>(read: () => Promise<T>): Promise<T> {
    const { retries, retryDelayMs } = this.options;
    return pRetry(read, {
      retries,
      minTimeout: retryDelayMs,
      factor: 2,
      randomize: true,
      shouldRetry: ({ error }) => error instanceof TransmitUnavailableError,
    });
  }

  private fetch(path: string, init: RequestInit & { method: string }): Promise<Response> {
    return callTransmit(init.method, path, `${this.options.apiBase}${path}`, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs) }, this.options.timeoutMs);
  }

  private async read<T>(path: string, response: Response): Promise<T> {
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new TransmitUnavailableError(path, "the connection broke while reading the answer");
    }
    if (response.status >= 500 || response.status === 429) {
      throw new TransmitUnavailableError(path, `status ${response.status}`);
    }
    if (!response.ok) {
      throw parseErrorBody(path, response.status, text);
    }
    if (response.status === 204) return undefined as T;
    if (text === "") throw new TransmitUnavailableError(path, "the answer is empty");
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new TransmitUnavailableError(path, "the answer is not JSON");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new TransmitUnavailableError(path, "the answer is not a JSON object");
    return body as T;
  }
}

/**
 * A 401 about the bearer token itself (docs/emulator.md), as opposed to a
 * wrong password or code, which must never be sent twice.
 */
function isClientTokenRejection(error: unknown): boolean {
  return (
    error instanceof TransmitError &&
    error.status === 401 &&
    (error.code === "unauthorized_request" || error.details.some((detail) => /invalid token|access token/i.test(detail)))
  );
}

/** A fresh client token rejected too: the app's credentials or permissions are wrong, not the person's input. */
function rejectedToken(path: string): TransmitUnavailableError {
  return new TransmitUnavailableError(path, "Transmit rejected the client access token");
}

/** The app's one client, for the tenant the configuration names. */
export const transmit = new TransmitClient(config().transmit);
