import { readFileSync } from "node:fs";
import path from "node:path";
import { OpenAPIBackend, type Document } from "openapi-backend";
import { parse } from "yaml";
import { ENDPOINTS, SPECS, SPECS_DIR, type SpecName } from "../../scripts/transmit-specs.ts";

/** One call as it crossed the wire. */
export type Exchange = {
  method: string;
  path: string;
  headers: Record<string, string>;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
  /** True for requests a test made up itself, which need not match the request schema. */
  probe: boolean;
};

const apis = new Map<SpecName, Promise<OpenAPIBackend>>();

/** Transmit's spec, loaded from its file and validated with openapi-backend (Ajv). */
function api(name: SpecName): Promise<OpenAPIBackend> {
  let loading = apis.get(name);
  if (!loading) {
    const { file, apiRoot } = SPECS[name];
    const text = readFileSync(path.join(SPECS_DIR, file), "utf8");
    const definition = (file.endsWith(".yml") ? parse(text) : JSON.parse(text)) as Document;
    // `quick` skips checking the spec itself: Transmit's Users spec has a malformed schema the app never uses.
    const backend = new OpenAPIBackend({ definition, apiRoot, strict: false, quick: true, validate: true, ajvOpts: { logger: false } });
    loading = backend.init();
    apis.set(name, loading);
  }
  return loading;
}

/** The endpoint of ENDPOINTS a call is for: "GET /cis/v1/users/username/alice" → "GET /cis/v1/users/username/{username}". */
export function endpointOf(method: string, callPath: string): string | undefined {
  return Object.keys(ENDPOINTS).find((endpoint) => {
    const [endpointMethod, endpointPath = ""] = endpoint.split(" ");
    const pattern = new RegExp(`^${endpointPath.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    return endpointMethod === method && pattern.test(callPath);
  });
}

/** What in this exchange breaks Transmit's contract: the request (unless a probe), and the response where the spec defines its status. */
export async function contractViolations(exchange: Exchange): Promise<string[]> {
  const endpoint = endpointOf(exchange.method, exchange.path);
  if (!endpoint) return [`${exchange.method} ${exchange.path} is not an endpoint of the contract`];
  const { spec, operationId } = ENDPOINTS[endpoint] as (typeof ENDPOINTS)[string];
  const backend = await api(spec);
  const violations: string[] = [];

  if (!exchange.probe) {
    const request = backend.validateRequest(
      { method: exchange.method, path: exchange.path, headers: exchange.headers, query: {}, body: exchange.requestBody as object },
      operationId,
    );
    for (const error of unambiguous(request.errors)) violations.push(`request ${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
  }

  const operation = backend.getOperation(operationId);
  const documented = operation?.responses?.[String(exchange.status)] as { content?: Record<string, unknown> } | undefined;
  if (documented?.content) {
    const response = backend.validateResponse(exchange.responseBody, operationId, exchange.status);
    for (const error of unambiguous(response.errors)) violations.push(`response ${exchange.status} ${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
  }
  return violations.map((violation) => `${endpoint}: ${violation}`);
}

type SchemaError = { keyword: string; schemaPath: string; instancePath: string; message?: string; params: Record<string, unknown> };

/**
 * Transmit's token specs use `oneOf` where they mean `anyOf`: a valid client-credentials
 * request or response matches several of the variants. A value that matches more than
 * one is accepted; the errors of the variants it did not match are no violation then.
 */
function unambiguous(errors: SchemaError[] | null | undefined): SchemaError[] {
  const all = errors ?? [];
  const ambiguous = all.filter((error) => error.keyword === "oneOf" && Array.isArray(error.params.passingSchemas) && error.params.passingSchemas.length > 1);
  if (ambiguous.length === 0) return all;
  return all.filter((error) => !ambiguous.includes(error) && !error.schemaPath.includes("/oneOf/"));
}

/** Whether the spec documents this status for the endpoint, so that its body was checked. */
export async function isDocumented(exchange: Exchange): Promise<boolean> {
  const endpoint = endpointOf(exchange.method, exchange.path);
  if (!endpoint) return false;
  const { spec, operationId } = ENDPOINTS[endpoint] as (typeof ENDPOINTS)[string];
  const operation = (await api(spec)).getOperation(operationId);
  return Boolean(operation?.responses?.[String(exchange.status)]);
}
