import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import { buildIsStale } from "../../scripts/build-freshness.ts";
import { createAppServer } from "../../server/app.ts";

/**
 * The built app behind its real HTTP server, on a free port, while it talks HTTP to
 * the emulator. Requests name any origin; they are sent to this server with their path.
 */
export async function loadApp() {
  // Testing an older build would pass or fail for the wrong reasons.
  if (buildIsStale()) throw new Error("The build is missing or older than the sources: run `npm run build` first (npm test does).");
  // @ts-expect-error The build is plain JavaScript made by `npm run build`.
  const build = (await import("../../build/index.js")) as ServerBuild;
  const listener = await new Promise<ReturnType<ReturnType<typeof createAppServer>["listen"]>>((resolve) => {
    const started = createAppServer(build).listen(0, "127.0.0.1", () => resolve(started));
  });
  return appAt(`http://127.0.0.1:${(listener.address() as AddressInfo).port}`);
}

/** An app already listening at `origin`; or, given several, each request goes to the next one in turn. */
export function appAt(...origins: string[]) {
  let turn = 0;
  const app = async (request: Request): Promise<Response> => {
    const origin = origins[turn++ % origins.length] as string;
    const url = new URL(request.url);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return fetch(`${origin}${url.pathname}${url.search}`, { method: request.method, headers: request.headers, body, redirect: "manual" });
  };
  return Object.assign(app, { origin: origins[0] as string });
}

export type App = ReturnType<typeof appAt>;

export class Browser {
  cookie = "";
  /** Every Set-Cookie the app sent, in order. */
  readonly setCookies: string[] = [];

  constructor(private readonly app: App) {}

  async get(path: string): Promise<Response> {
    return this.send(new Request(`http://localhost${path}`, { headers: this.headers() }));
  }

  async post(path: string, form: Record<string, string>): Promise<Response> {
    return this.send(
      new Request(`http://localhost${path}`, {
        method: "POST",
        headers: { ...this.headers(), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form),
      }),
    );
  }

  private headers(): Record<string, string> {
    return this.cookie ? { cookie: this.cookie } : {};
  }

  private async send(request: Request): Promise<Response> {
    const response = await this.app(request);
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) {
      this.setCookies.push(setCookie);
      this.cookie = setCookie.split(";")[0] ?? "";
    }
    return response;
  }
}

export function location(response: Response): string | null {
  return response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
}
