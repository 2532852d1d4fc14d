import { gzipSync } from "node:zlib";
import { Browser, type App } from "../../tests/support/browser.ts";
import { newUser } from "../../tests/support/emulator-outbox.ts";
import { walkFlow } from "./flow-walk.ts";
import { dynamicImports, pageScripts, staticImports } from "./html.ts";
import type { Budget } from "./report-types.ts";

export const JS_BUDGET_BYTES = 100_000;

/** A page's first visit, and `later`: what its modules import with `import()`, fetched only when that code runs (a form in use, say). */
export type PageJavaScript = { files: number; bytes: number; gzipBytes: number; later: { files: string[]; gzipBytes: number } };
/** `withoutJavaScript.failure` says why the flow did not complete with the pages' own form posts, if it did not. */
export type JavaScriptResult = { pages: Record<string, PageJavaScript>; withoutJavaScript: { completed: boolean; failure: string | null } };

/**
 * The JavaScript a first visit to each page of the flow loads, gzipped file by file as a
 * server compresses them: the scripts the page names, what they import, and its inline
 * scripts; apart, what those modules import only when some code of theirs runs. Walking
 * the flow to reach the pages is itself the check that it works without JavaScript:
 * every step is a plain form post read from the page's HTML.
 */
export async function measureJavaScript(app: App, emulatorUrl: string): Promise<JavaScriptResult> {
  const pages: Record<string, string> = {};
  const failure = await walkFlow(new Browser(app), emulatorUrl, newUser("bench-js"), { onPage: (path, html) => void (pages[path] ??= html) }).then(
    () => null,
    (error: unknown) => (error as Error).message,
  );
  const sizes: Record<string, PageJavaScript> = {};
  for (const [path, html] of Object.entries(pages)) {
    const { urls, inline } = pageScripts(html);
    const firstVisit = await loadWithImports(app.origin, urls, new Map());
    const laterUrls = [...firstVisit.values()].flatMap((body) => dynamicImports(body.toString("utf8")));
    const later = await loadWithImports(app.origin, laterUrls, firstVisit);
    const bodies = [...firstVisit.values(), ...inline.map((script) => Buffer.from(script))];
    sizes[path] = {
      files: firstVisit.size,
      bytes: bodies.reduce((sum, body) => sum + body.length, 0),
      gzipBytes: gzippedSize(bodies),
      later: { files: [...later.keys()], gzipBytes: gzippedSize([...later.values()]) },
    };
  }
  return { pages: sizes, withoutJavaScript: { completed: failure === null, failure } };
}

function gzippedSize(bodies: Buffer[]): number {
  return bodies.reduce((sum, body) => sum + gzipSync(body).length, 0);
}

/** Every module of `urls` and, transitively, those they import statically, but for those already `loaded`. */
async function loadWithImports(origin: string, urls: string[], loaded: ReadonlyMap<string, Buffer>): Promise<Map<string, Buffer>> {
  const fetched = new Map<string, Buffer>();
  const pending = [...urls];
  for (let url = pending.pop(); url !== undefined; url = pending.pop()) {
    if (loaded.has(url) || fetched.has(url)) continue;
    const response = await fetch(new URL(url, origin));
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    fetched.set(url, body);
    pending.push(...staticImports(body.toString("utf8")));
  }
  return fetched;
}

export function javaScriptBudgets({ pages, withoutJavaScript }: JavaScriptResult): Budget[] {
  const sizes = Object.values(pages).map(({ gzipBytes }) => gzipBytes);
  const largest = Math.max(...sizes);
  return [
    { name: "JavaScript of a first visit, gzipped", limit: `≤ ${JS_BUDGET_BYTES / 1000} kB per page`, actual: `${(largest / 1000).toFixed(1)} kB (largest page)`, met: sizes.length > 0 && largest <= JS_BUDGET_BYTES },
    { name: "The flow without JavaScript", limit: "completes with the pages' own form posts", actual: withoutJavaScript.failure ?? "completed", met: withoutJavaScript.completed },
  ];
}
