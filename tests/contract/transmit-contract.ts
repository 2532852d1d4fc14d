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

/**
 * Statuses the specs leave out but Transmit is known or expected to answer to the
 * client's own requests (docs/emulator.md): any other undocumented status is a violation.
 */
const UNDOCUMENTED_BUT_EXPECTED: Record<string, number[]> = {
  "POST /oidc/token": [401],
  "POST /cis/oidc/token": [401],
  "POST /cis/v1/users": [401],
  "POST /cis/v1/auth/password/authenticate": [400, 401, 403],
  "POST /cis/v1/auth/otp/send": [401],
  "POST /cis/v1/auth/otp/authenticate": [401],
  "POST /cis/v1/auth/session/logout": [401, 404],
};

/**
 * What in this exchange breaks Transmit's contract: for the client's own requests, the
 * request (with no property the spec does not name) and an undocumented status; for
 * every exchange, the response where the spec defines its status.
 */
export async function contractViolations(exchange: Exchange): Promise<string[]> {
  const endpoint = endpointOf(exchange.method, exchange.path);
  if (!endpoint) return [`${exchange.method} ${exchange.path} is not an endpoint of the contract`];
  const { spec, operationId } = ENDPOINTS[endpoint] as (typeof ENDPOINTS)[string];
  const backend = await api(spec);
  const operation = backend.getOperation(operationId);
  const violations: string[] = [];
  const documented = operation?.responses?.[String(exchange.status)] as { content?: Record<string, unknown> } | undefined;

  if (!exchange.probe) {
    const request = backend.validateRequest(
      { method: exchange.method, path: exchange.path, headers: exchange.headers, query: {}, body: exchange.requestBody as object },
      operationId,
    );
    for (const error of unambiguous(request.errors)) violations.push(`request ${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
    for (const name of unnamedProperties(backend, operation, exchange.requestBody)) violations.push(`request has a property the spec does not name: ${name}`);
    if (!documented && !UNDOCUMENTED_BUT_EXPECTED[endpoint]?.includes(exchange.status)) violations.push(`response status ${exchange.status} is not in the spec`);
  }

  if (documented?.content) {
    const response = backend.validateResponse(exchange.responseBody, operationId, exchange.status);
    for (const error of unambiguous(response.errors)) violations.push(`response ${exchange.status} ${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
  }
  return violations.map((violation) => `${endpoint}: ${violation}`);
}

type Operation = ReturnType<OpenAPIBackend["getOperation"]>;

/** Top-level body properties the request schema (or any of its variants) does not name: Transmit may reject them. */
function unnamedProperties(backend: OpenAPIBackend, operation: Operation, body: unknown): string[] {
  if (typeof body !== "object" || body === null) return [];
  const content = (operation?.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content ?? {};
  const named = new Set(Object.values(content).flatMap(({ schema }) => propertyNames(backend, schema)));
  return Object.keys(body).filter((name) => !named.has(name));
}

function propertyNames(backend: OpenAPIBackend, schema: unknown): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const { $ref, properties, oneOf, anyOf, allOf } = schema as { $ref?: string; properties?: object; oneOf?: unknown[]; anyOf?: unknown[]; allOf?: unknown[] };
  if ($ref) return propertyNames(backend, resolveRef(backend, $ref));
  const parts = [...(oneOf ?? []), ...(anyOf ?? []), ...(allOf ?? [])];
  return [...Object.keys(properties ?? {}), ...parts.flatMap((part) => propertyNames(backend, part))];
}

/** A local `$ref` such as "#/components/schemas/Fraud%20Prevention", looked up in the spec. */
function resolveRef(backend: OpenAPIBackend, ref: string): unknown {
  const keys = ref.replace(/^#\//, "").split("/").map((key) => decodeURIComponent(key).replace(/~1/g, "/").replace(/~0/g, "~"));
  return keys.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], backend.definition);
}

type SchemaError = { keyword: string; schemaPath: string; instancePath: string; message?: string; params: Record<string, unknown> };

/**
 * Transmit's token specs use `oneOf` where they mean `anyOf`: a valid client-credentials
 * request or response matches several of the variants. A value that matches more than
 * one is accepted; the errors of the variants below that `oneOf` are no violation then.
 */
function unambiguous(errors: SchemaError[] | null | undefined): SchemaError[] {
  const all = errors ?? [];
  const ambiguous = all.filter((error) => error.keyword === "oneOf" && Array.isArray(error.params.passingSchemas) && error.params.passingSchemas.length > 1);
  return all.filter((error) => !ambiguous.some((oneOf) => error === oneOf || error.schemaPath.startsWith(`${oneOf.schemaPath}/`)));
}

/** Whether the spec documents this status for the endpoint, so that its body was checked. */
export async function isDocumented(exchange: Exchange): Promise<boolean> {
  const endpoint = endpointOf(exchange.method, exchange.path);
  if (!endpoint) return false;
  const { spec, operationId } = ENDPOINTS[endpoint] as (typeof ENDPOINTS)[string];
  const operation = (await api(spec)).getOperation(operationId);
  return Boolean(operation?.responses?.[String(exchange.status)]);
}
