import { decodeJwt } from "jose";
import { config } from "../../app/config.server.ts";
import { latestSmsTo } from "../../tests/support/emulator-outbox.ts";
import type { Step, User } from "./flow-walk.ts";
import { schedulerTimes } from "./processes.ts";

/** A step's Transmit calls: how long they took, and the CPU time the client spent on them here. */
export type DirectTiming = { ms: number; clientCpuMs: number };

/**
 * The Transmit calls of one flow, made straight to the emulator with the app's own client
 * and configuration, so they are the very requests the app sends: what the flow would cost
 * if the app added nothing. The client reads the app's configuration from the environment
 * when first loaded, so the bench's environment must be the app's by then (main.ts sets it).
 */
export async function directFlow(emulatorUrl: string, user: User, onStep: (step: Step, timing: DirectTiming) => void): Promise<void> {
  const { transmit } = await import("../../app/transmit/client.server.ts");
  const time = async <T>(call: () => Promise<T>): Promise<{ result: T } & DirectTiming> => {
    const cpuBefore = schedulerTimes(process.pid).cpuMs;
    const started = performance.now();
    const result = await call();
    const ms = performance.now() - started;
    return { result, ms, clientCpuMs: schedulerTimes(process.pid).cpuMs - cpuBefore };
  };

  onStep("signup", await time(() => transmit.createUser(user)));

  const password = await time(() => transmit.authenticatePassword(user));
  // Read, not verified: verifying the ID token is work the app adds.
  const userId = decodeJwt(password.result.id_token as string).sub as string;
  const sent = await time(() => transmit.sendSmsCode(userId, config().transmit.codeValidityMinutes));
  onStep("login", { ms: password.ms + sent.ms, clientCpuMs: password.clientCpuMs + sent.clientCpuMs });

  const { code } = await latestSmsTo(emulatorUrl, user.phoneNumber);
  const sessionId = password.result.session_id;
  onStep("verify", await time(() => transmit.authenticateSmsCode({ userId, passcode: code, sessionId })));
  // The complete page calls no one.
  onStep("complete", { ms: 0, clientCpuMs: 0 });
  onStep("restart", await time(() => transmit.logout(sessionId)));
}
