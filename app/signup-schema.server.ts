import { config } from "./config.server";
import { signupForm } from "./signup-form";

let schema: ReturnType<typeof signupForm> | undefined;

/**
 * The signup form's schema for the configured default country, built once: zod compiles
 * each object schema it is handed into a parser of its own (with `new Function`), so a
 * schema built for every post costs a compilation every post.
 */
export function serverSignupForm(): ReturnType<typeof signupForm> {
  schema ??= signupForm(config().defaultPhoneCountry);
  return schema;
}
