import { describe, expect, it } from "vitest";
import { CLAIM_EXPLANATIONS, displayClaim } from "~/claims";

describe("claims as a person reads them", () => {
  it("shows times as UTC dates, lists as JSON, strings as they are", () => {
    expect(displayClaim("exp", 1_796_296_475)).toBe("2026-12-03T11:14:35Z");
    expect(displayClaim("amr", ["pwd", "sms", "mfa"])).toBe('["pwd","sms","mfa"]');
    expect(displayClaim("sub", "abc")).toBe("abc");
    expect(displayClaim("custom", 42)).toBe("42");
  });

  it("explains the standard claims", () => {
    for (const claim of ["sub", "iss", "aud", "amr", "auth_time", "exp", "iat"]) expect(CLAIM_EXPLANATIONS[claim], claim).toBeTruthy();
  });
});
