import { parse, type HTMLElement } from "node-html-parser";

/** What a browser reads in a page: the forms a person submits, and the scripts it loads. */

export type FormSubmission = { action: string; fields: Record<string, string> };

/**
 * The form whose submit button reads `button`, filled in with `values`, as a browser without
 * JavaScript would send it: every named input with its value, the clicked button's name and
 * value. Throws when the page has no such form, it is not a POST, its button is disabled, or
 * it lacks a field to fill.
 */
export function submission(html: string, pagePath: string, button: string, values: Record<string, string>): FormSubmission {
  const form = parse(html)
    .querySelectorAll("form")
    .find((candidate) => submitButtons(candidate).some((element) => label(element) === button));
  if (!form) throw new Error(`${pagePath} has no form with a "${button}" button`);
  if (form.getAttribute("method")?.toLowerCase() !== "post") throw new Error(`The "${button}" form of ${pagePath} is not posted`);
  const fields: Record<string, string> = {};
  for (const input of form.querySelectorAll("input[name]")) {
    if (!["submit", "button"].includes(input.getAttribute("type") ?? "")) fields[input.getAttribute("name") as string] = input.getAttribute("value") ?? "";
  }
  for (const name of Object.keys(values)) {
    if (!(name in fields)) throw new Error(`The "${button}" form of ${pagePath} has no ${name} field`);
  }
  const clicked = submitButtons(form).find((element) => label(element) === button) as HTMLElement;
  if (clicked.hasAttribute("disabled")) throw new Error(`The "${button}" button of ${pagePath} is disabled`);
  const name = clicked.getAttribute("name");
  if (name) fields[name] = clicked.getAttribute("value") ?? "";
  return { action: form.getAttribute("action") ?? pagePath, fields: { ...fields, ...values } };
}

function submitButtons(form: HTMLElement): HTMLElement[] {
  return form.querySelectorAll("button, input[type=submit]").filter((element) => (element.getAttribute("type") ?? "submit") === "submit");
}

function label(element: HTMLElement): string {
  return (element.tagName === "INPUT" ? element.getAttribute("value") ?? "" : element.text).trim();
}

/**
 * The scripts a page loads as it opens: the URLs it names (module preloads, script sources, and
 * what its inline scripts import, statically or not: they all run at once) and its inline scripts.
 */
export function pageScripts(html: string): { urls: string[]; inline: string[] } {
  const page = parse(html);
  const urls = new Set<string>();
  for (const link of page.querySelectorAll('link[rel="modulepreload"]')) urls.add(link.getAttribute("href") as string);
  const inline: string[] = [];
  for (const script of page.querySelectorAll("script")) {
    const src = script.getAttribute("src");
    if (src) urls.add(src);
    else {
      inline.push(script.textContent);
      for (const url of [...staticImports(script.textContent), ...dynamicImports(script.textContent)]) urls.add(url);
    }
  }
  return { urls: [...urls], inline };
}

/** The modules a script imports by a literal path with `import … from` or a bare `import`: loaded with it. */
export function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:\bimport|\bfrom)\s*["']([^"']+\.js)["']/g)].map((match) => match[1] as string);
}

/** The modules a script imports by a literal path with `import()`: loaded when that code runs. */
export function dynamicImports(code: string): string[] {
  return [...code.matchAll(/\bimport\s*\(\s*["']([^"']+\.js)["']/g)].map((match) => match[1] as string);
}
