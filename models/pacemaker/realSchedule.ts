// The real Pacemaker lab's input: a plain list of faults at times after the cluster settled, each a
// fault name and its target (a node, or a pair `n1|n2` for the cluster link). Kept free of the lab
// so that the conform binding can turn a model schedule into one with a small mapping.
export const REAL_PACEMAKER_FAULTS = [
  'cut-link', // the cluster link between two nodes stops carrying packets (both ways, silently)
  'repair-link',
  'power-off', // every process of the node dies at once (SIGKILL): a pulled plug
  'boot', // the node starts corosync (and qdevice), then pacemakerd
  'hang', // corosync is paused (SIGSTOP): the process lives, the membership does not hear from it
  'resume', // SIGCONT
  'fence-fail', // the node's fence device fails every off/reboot from now on (BMC unreachable)
  'fence-repair',
] as const;

export type RealPacemakerFault = (typeof REAL_PACEMAKER_FAULTS)[number];

/** One fault of a real run: `atMs` after the cluster settled (every node online, group started). */
export interface RealStep {
  readonly atMs: number;
  readonly fault: RealPacemakerFault;
  /** A node (`n1`), or for the link faults a pair (`n1|n2`). */
  readonly target: string;
}

export type RealSchedule = readonly RealStep[];

const isFault = (s: string): s is RealPacemakerFault => (REAL_PACEMAKER_FAULTS as readonly string[]).includes(s);

const LINK_FAULTS: readonly RealPacemakerFault[] = ['cut-link', 'repair-link'];

/** Problems with a schedule over `hosts` (cluster nodes, plus the qnetd host for link faults), one line each. */
export function scheduleProblems(schedule: RealSchedule, nodes: readonly string[], hosts: readonly string[]): string[] {
  const out: string[] = [];
  schedule.forEach((s, i) => {
    const where = `step ${i + 1} (${s.fault} ${s.target})`;
    if (!Number.isSafeInteger(s.atMs) || s.atMs < 0) out.push(`${where}: atMs must be a whole number ≥ 0`);
    if (!isFault(s.fault)) out.push(`${where}: unknown fault (expected one of ${REAL_PACEMAKER_FAULTS.join(', ')})`);
    else if (LINK_FAULTS.includes(s.fault)) {
      const pair = s.target.split('|');
      if (pair.length !== 2 || pair[0] === pair[1] || !pair.every((h) => hosts.includes(h)))
        out.push(`${where}: target must be two different hosts a|b of ${hosts.join(', ')}`);
    } else if (!nodes.includes(s.target)) out.push(`${where}: target must be a cluster node (${nodes.join(', ')})`);
  });
  return out;
}

/** "20s", "1500ms", "2.5s", "700" (ms) → ms, or null. */
export function parseDurationMs(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  if (!m) return null;
  const value = Number(m[1]) * (m[2] === 's' ? 1000 : 1);
  return Number.isSafeInteger(Math.round(value)) ? Math.round(value) : null;
}

/** `at 20s: cut-link n1|n2; at 30s: boot n2` → steps (sorted by time), or the problems found. */
export function parseSchedule(text: string): { steps: RealStep[] } | { problems: string[] } {
  const steps: RealStep[] = [];
  const problems: string[] = [];
  for (const part of text
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^at\s+(\S+)\s*:\s*(\S+)\s+(\S+)$/.exec(part);
    const atMs = m ? parseDurationMs(m[1]) : null;
    if (!m || atMs === null) {
      problems.push(`"${part}": expected "at <time>: <fault> <target>", e.g. "at 20s: cut-link n1|n2"`);
      continue;
    }
    if (!isFault(m[2])) {
      problems.push(`"${part}": unknown fault ${m[2]} (expected one of ${REAL_PACEMAKER_FAULTS.join(', ')})`);
      continue;
    }
    steps.push({ atMs, fault: m[2], target: m[3] });
  }
  if (problems.length > 0) return { problems };
  return { steps: steps.sort((a, b) => a.atMs - b.atMs) };
}
