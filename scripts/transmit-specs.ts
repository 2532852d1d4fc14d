import path from "node:path";

/** Where Transmit's published OpenAPI specs are kept, beside the project. */
export const SPECS_DIR = path.resolve(import.meta.dirname, "../../shared/transmit-openapi");

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
