import { createServer, type Server } from "node:http";
import type { Exchange } from "./transmit-contract.ts";

/** Marks a request a test made up itself; the recorder strips it before forwarding. */
export const PROBE_HEADER = "x-contract-probe";

/**
 * A pass-through HTTP proxy in front of the emulator that records every call, so the
 * real client's requests and the emulator's real responses can be checked against the spec.
 */
export async function startRecorder(target: string) {
  const exchanges: Exchange[] = [];
  const server: Server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const headers = Object.fromEntries(Object.entries(incoming.headers).map(([name, value]) => [name, String(value)]));
    const probe = headers[PROBE_HEADER] !== undefined;
    delete headers[PROBE_HEADER];
    delete headers.host;
    delete headers["content-length"];

    const response = await fetch(`${target}${incoming.url}`, { method: incoming.method, headers, body: raw === "" ? undefined : raw });
    const text = await response.text();
    exchanges.push({
      method: incoming.method ?? "GET",
      path: new URL(incoming.url ?? "/", "http://recorder").pathname,
      headers,
      requestBody: parseBody(raw, headers["content-type"]),
      status: response.status,
      responseBody: parseBody(text, response.headers.get("content-type") ?? ""),
      probe,
    });
    outgoing.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
    outgoing.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseBody(raw: string, contentType = ""): unknown {
  if (raw === "") return undefined;
  if (contentType.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    // Kept as text: the contract check then reports it against the schema.
    return raw;
  }
}
