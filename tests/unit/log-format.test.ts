import { describe, expect, it } from "vitest";
import { formatLogLine } from "~/log-format.server";

const time = "2026-01-02T10:20:30.456Z";

describe("the development log's lines", () => {
  it("say a transition and a Transmit call in one readable line", () => {
    expect(formatLogLine({ level: 20, time, service: "app", event: "flow.transition", from: "login", on: "LOG_IN", to: "authenticatingPassword" })).toBe(
      "10:20:30.456 DEBUG flow.transition login → authenticatingPassword on LOG_IN",
    );
    expect(formatLogLine({ level: 20, time, event: "flow.transition", from: "sendingCode", on: "xstate.done.actor.0.mfaFlow.sendingCode", to: "otp" })).toBe("10:20:30.456 DEBUG flow.transition sendingCode → otp on done");
    expect(formatLogLine({ level: 20, time, service: "app", event: "transmit.call", method: "POST", endpoint: "/cis/v1/auth/otp/send", status: 200, ms: 12 })).toBe(
      "10:20:30.456 DEBUG transmit.call POST /cis/v1/auth/otp/send 200 in 12 ms",
    );
    expect(formatLogLine({ level: 40, time, event: "transmit.call", method: "POST", endpoint: "/oidc/token", outcome: "unreachable", reason: "connection failed", ms: 3 })).toBe(
      "10:20:30.456 WARN  transmit.call POST /oidc/token unreachable (connection failed) in 3 ms",
    );
  });

  it("give any other record its event and fields, and an error its message and stack", () => {
    expect(formatLogLine({ level: 30, time, event: "flow.login", outcome: "success", user: "abc123", flow: "def456" })).toBe("10:20:30.456 INFO  flow.login outcome=success user=abc123 flow=def456");
    expect(formatLogLine({ level: 50, time, event: "render", err: { message: "boom", stack: "Error: boom\n    at x" } })).toBe("10:20:30.456 ERROR render boom\nError: boom\n    at x");
  });
});
