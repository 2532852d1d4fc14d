import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createMachine, type AnyStateMachine } from "xstate";
import { AWAITING_USER, flowMachine } from "../../machines/flow.machine";
import { machineGraph } from "~/flow-graph";

const root = path.resolve(import.meta.dirname, "../..");

describe("the flow's graph, read from the definition", () => {
  it("has every state, the ones waiting for the person, and each transition labelled with its events and guards", () => {
    const { states, edges } = machineGraph(flowMachine, AWAITING_USER);
    expect(states.map(({ id }) => id)).toEqual(Object.keys(flowMachine.root.states));
    expect(states.filter(({ awaitsUser }) => awaitsUser).map(({ id }) => id)).toEqual(["signup", "login", "otp", "complete"]);
    expect(states.find(({ initial }) => initial)?.id).toBe("signup");
    expect(edges).toContainEqual({ from: "verifyingCode", to: "complete", label: "done [amrHasMfa]" });
    expect(edges).toContainEqual({ from: "verifyingCode", to: "otp", label: "done / error" });
    expect(edges).toContainEqual({ from: "otp", to: "otp", label: "CODE_EXPIRED" });
    const transitions = Object.values(flowMachine.root.states).flatMap((node) => Object.values(node.on).flat());
    expect(edges.reduce((count, { label }) => count + label.split(" / ").length, 0)).toBe(transitions.length);
  });
});

describe("npm run export:machine", () => {
  it("prints createMachine source with named actions, guards and actors, for the same statechart", () => {
    const exported = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/export-machine.ts"], { cwd: root, encoding: "utf8" });
    expect(exported.status, exported.stderr).toBe(0);
    const source = exported.stdout;
    expect(source).toContain('import { createMachine } from "xstate";');
    expect(source).not.toMatch(/=>|function/);
    expect(source).toContain('"src": "authenticatePassword"');
    expect(source).toContain('"guard": "amrHasMfa"');
    expect(source).toContain('"actions": "recordError"');
    const body = source.replace(/^import .*$/m, "").replace("export const machine", "const machine");
    const machine = new Function("createMachine", `${body}\nreturn machine;`)(createMachine) as AnyStateMachine;
    expect(machineGraph(machine, AWAITING_USER)).toEqual(machineGraph(flowMachine, AWAITING_USER));
    expect(machine.config.context).toEqual(flowMachine.config.context);
  });
});
