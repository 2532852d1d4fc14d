import { existsSync } from "node:fs";
import path from "node:path";

/** Transmit's published OpenAPI specs, as the team keeps them beside the project. */
export const SHARED_SPECS_DIR = path.resolve(import.meta.dirname, "../../shared/transmit-openapi");
/** The copy in this repository, so that a clone anywhere can run the tests (tests/contract/specs-copy.test.ts keeps it equal). */
export const VENDORED_SPECS_DIR = path.resolve(import.meta.dirname, "../openapi/transmit");

export const SPECS_DIR = existsSync(SHARED_SPECS_DIR) ? SHARED_SPECS_DIR : VENDORED_SPECS_DIR;

/**
 * The spec each endpoint is checked against, the base path of its servers, and whether
 * the client's types are generated from it (the JWKS and discovery are read by jose).
 */
export const SPECS = {
  token: { file: "token.openapi.json", apiRoot: "/", clientTypes: true },
  oidc: { file: "oidc.openapi.json", apiRoot: "/cis", clientTypes: false },
  users: { file: "identity-management.newer.openapi.yml", apiRoot: "/cis", clientTypes: true },
  usersLookup: { file: "user.openapi.json", apiRoot: "/cis", clientTypes: false },
  passwords: { file: "backend-passwords.openapi.json", apiRoot: "/cis", clientTypes: true },
  otp: { file: "backend-authentication.newer.openapi.yml", apiRoot: "/cis", clientTypes: true },
  sessions: { file: "backend-sessions.openapi.json", apiRoot: "/cis", clientTypes: true },
} as const;

export type SpecName = keyof typeof SPECS;

/** Every Transmit endpoint the app and emulator speak, with its spec and operation. */
export const ENDPOINTS: Record<string, { spec: SpecName; operationId: string }> = {
  "POST /oidc/token": { spec: "token", operationId: "getAccessToken" },
  "POST /cis/oidc/token": { spec: "oidc", operationId: "oidcToken" },
  "GET /cis/oidc/jwks": { spec: "oidc", operationId: "oidcGetKeys" },
  "GET /cis/oidc/.well-known/openid-configuration": { spec: "oidc", operationId: "getOidcConfiguration" },
  "POST /cis/v1/users": { spec: "users", operationId: "createUser" },
  "GET /cis/v1/users/username/{username}": { spec: "usersLookup", operationId: "getUserByUsername" },
  "POST /cis/v1/auth/password/authenticate": { spec: "passwords", operationId: "authenticatePassword" },
  "POST /cis/v1/auth/otp/send": { spec: "otp", operationId: "sendOTP" },
  "POST /cis/v1/auth/otp/authenticate": { spec: "otp", operationId: "authenticateOTP" },
  "POST /cis/v1/auth/session/logout": { spec: "sessions", operationId: "logout" },
};
