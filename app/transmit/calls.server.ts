import { log } from "../log.server";
import { recordCall } from "../request-scope.server";
import { TransmitUnavailableError } from "./errors.server";

/**
 * One HTTP call to Transmit, timed, logged and recorded under `method path` for the request
 * being handled (request-scope.server.ts). The path is one of the client's fixed endpoints:
 * ids travel in bodies, never in it.
 */
export async function callTransmit(method: string, path: string, url: string | URL, init: RequestInit, timeoutMs: number): Promise<Response> {
  const started = performance.now();
  const record = (status: number | null) => {
    const ms = Math.round(performance.now() - started);
    recordCall({ endpoint: `${method} ${path}`, status, ms });
    return ms;
  };
  try {
    const response = await fetch(url, { ...init, method });
    log.debug({ event: "transmit.call", method, endpoint: path, status: response.status, ms: record(response.status) });
    return response;
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const reason = timedOut ? `no answer within ${timeoutMs} ms` : "connection failed";
    log.warn({ event: "transmit.call", method, endpoint: path, outcome: "unreachable", reason, ms: record(null) });
    throw new TransmitUnavailableError(path, reason);
  }
}
