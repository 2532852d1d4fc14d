import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { buildIsStale } from "../../scripts/build-freshness.ts";

/**
 * The built app, called in-process as remix-serve would call it, while it talks
 * HTTP to the emulator. A small cookie jar plays the browser.
 */
export async function loadApp() {
  // Testing an older build would pass or fail for the wrong reasons.
  if (buildIsStale()) throw new Error("The build is missing or older than the sources: run `npm run build` first (npm test does).");
  // @ts-expect-error The build is plain JavaScript made by `npm run build`.
  const build = (await import("../../build/index.js")) as ServerBuild;
  return createRequestHandler(build, "production");
}

export type App = Awaited<ReturnType<typeof loadApp>>;

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
