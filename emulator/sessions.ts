import { randomBytes } from "node:crypto";

/** Backend sessions last two weeks, as Transmit documents; new tokens in a session extend it. */
const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

export type AuthSession = {
  session_id: string;
  user_id: string;
  /** Methods used in the session, in order; `mfa` is added once two different factors are met. */
  amr: string[];
  authenticatedAt: number;
  expiresAt: number;
};

const FACTORS: Record<string, "knowledge" | "possession"> = { pwd: "knowledge", sms: "possession", eotp: "possession" };

/** Backend authentication sessions, in memory: a restart ends them, as a lost session would. */
export class SessionStore {
  private readonly sessions = new Map<string, AuthSession>();

  start(userId: string, method: string): AuthSession {
    const now = Date.now();
    const session: AuthSession = {
      session_id: randomBytes(24).toString("base64url"),
      user_id: userId,
      amr: [method],
      authenticatedAt: now,
      expiresAt: now + SESSION_LIFETIME_MS,
    };
    this.sessions.set(session.session_id, session);
    return session;
  }

  /** The live session with this id, or undefined when it is unknown, ended or expired. */
  get(sessionId: string): AuthSession | undefined {
    const session = this.sessions.get(sessionId);
    if (session && session.expiresAt <= Date.now()) this.sessions.delete(sessionId);
    return this.sessions.get(sessionId);
  }

  /** The live session with this id if it is the user's, for a further authentication to join. */
  joinable(sessionId: unknown, userId: string | undefined): AuthSession | undefined {
    const session = typeof sessionId === "string" ? this.get(sessionId) : undefined;
    return session && session.user_id === userId ? session : undefined;
  }

  /** Adds an authentication to the session; its amr gains `mfa` once two kinds of factor are met. */
  join(session: AuthSession, method: string): AuthSession {
    const now = Date.now();
    const amr = session.amr.filter((value) => value !== "mfa");
    if (!amr.includes(method)) amr.push(method);
    const kinds = new Set(amr.map((value) => FACTORS[value]).filter(Boolean));
    if (kinds.size >= 2) amr.push("mfa");
    Object.assign(session, { amr, authenticatedAt: now, expiresAt: now + SESSION_LIFETIME_MS });
    return session;
  }

  end(sessionId: string): boolean {
    return this.sessions.delete(sessionId);
  }

  clear(): void {
    this.sessions.clear();
  }
}
