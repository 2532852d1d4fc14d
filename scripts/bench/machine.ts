import { existsSync, readFileSync } from "node:fs";
import os from "node:os";

/** The machine a run was made on, recorded with its results. */
export type Machine = { os: string; node: string; cpus: number; cpuModel: string };

export function machine(): Machine {
  const release = existsSync("/etc/os-release") ? /^PRETTY_NAME="?([^"\n]*)/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] : undefined;
  return { os: `${os.type()} ${os.release()}${release ? ` (${release})` : ""}`, node: process.version, cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? "unknown" };
}
