import type { components as Otp } from "./openapi/otp";
import type { components as Passwords } from "./openapi/passwords";
import type { components as Sessions } from "./openapi/sessions";
import type { operations as TokenOperations } from "./openapi/token";
import type { components as Users, operations as UserOperations } from "./openapi/users";

/** The request and response shapes of the calls the client makes, from Transmit's OpenAPI specs. */
export type ClientTokenRequest = TokenOperations["getAccessToken"]["requestBody"]["content"]["application/x-www-form-urlencoded"];
export type ClientTokenResponse = TokenOperations["getAccessToken"]["responses"][200]["content"]["application/json"];
export type CreateUserRequest = Users["schemas"]["ApiCreateUserInput"];
export type CreateUserResponse = UserOperations["createUser"]["responses"][201]["content"]["application/json"];
export type PasswordAuthenticateRequest = Passwords["schemas"]["ApiPasswordTokenRequestDto"];
export type TokenResponse = Passwords["schemas"]["ApiTokenResponse"];
export type OtpSendRequest = Otp["schemas"]["ApiOtpInitRequestDto"];
export type OtpSendResponse = Otp["schemas"]["ApiSendOtpResponse"];
export type OtpAuthenticateRequest = Otp["schemas"]["ApiOtpTokenRequestDto"];
export type LogoutRequest = Sessions["schemas"]["ApiLogoutRequestDto"];
