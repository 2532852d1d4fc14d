/**
 * A browser without JavaScript, over plain HTTP: one cookie jar, forms posted as
 * application/x-www-form-urlencoded, redirects left to the caller. The integration tests and
 * the benchmark (scripts/bench/) walk the flow with it.
 */

/** The app at `origin`: requests name any origin and are sent there with their path. Given several, each request goes to the next one in turn. */
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
