import { readdirSync, readFileSync, writeFileSync } from "node:fs";

/**
 * The app's process and its memory, read from Linux's /proc: `npm start` runs the app
 * three processes down (npm, tsx, node), and only the last one's memory is the app's.
 */

function parentOf(pid: number): number | null {
  try {
    // "pid (comm) state ppid …", where comm may itself hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null; // It ended while we looked.
  }
}

function commandOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

/** The deepest process under `root` whose command line has `argument`. */
export function findDescendant(root: number, argument: string): number {
  const pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map(Number);
  const parents = new Map(pids.map((pid) => [pid, parentOf(pid)]));
  const depthUnder = (pid: number): number | null => {
    let depth = 0;
    for (let current: number | null | undefined = pid; current; current = parents.get(current), depth++) if (current === root) return depth;
    return null;
  };
  const matches = pids
    .map((pid) => ({ pid, depth: depthUnder(pid) }))
    .filter(({ pid, depth }) => depth !== null && commandOf(pid).includes(argument))
    .sort((a, b) => (b.depth ?? 0) - (a.depth ?? 0));
  if (!matches[0]) throw new Error(`No process under ${root} runs ${argument}`);
  return matches[0].pid;
}

function statusField(pid: number, field: "VmRSS" | "VmHWM"): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith(`${field}:`));
  if (!line) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** Starts measuring the process's peak memory afresh (clear_refs 5 resets VmHWM, the resident set's high-water mark). */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

/** The most memory the process has held resident, in bytes, since the last reset. */
export function peakRss(pid: number): number {
  return statusField(pid, "VmHWM");
}

/**
 * Time the process's threads have spent on a CPU, and waiting for one, in milliseconds so far
 * (/proc/<pid>/task/<tid>/schedstat): its work, and what a busy machine made it wait.
 */
export function schedulerTimes(pid: number): { cpuMs: number; waitMs: number } {
  let cpuNs = 0;
  let waitNs = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const [onCpu, waiting] = readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ").map(Number);
      cpuNs += onCpu ?? 0;
      waitNs += waiting ?? 0;
    } catch {
      // A thread that ended while we looked.
    }
  }
  return { cpuMs: cpuNs / 1e6, waitMs: waitNs / 1e6 };
}
