// Every lab resource names the process that made it, so that a later run can tell what a killed
// run left behind (its owner is gone: remove it) from what a run still going owns (never touched)
// and from what is not ours (no tag: never touched). SIGKILL gives a run no chance to clean up, so
// the tag is all a later run has to go on. The owner is a PID plus that process's start time (field
// 22 of /proc/<pid>/stat, clock ticks since boot): a PID reused by another process is not the owner.
// Names carry the tag (`hfk-p<pid>t<ticks>-<6 hex>`, then `-<host>` for a namespace, `-XXXXXX` for
// a scratch folder); processes carry it in their environment (HAFAULT_LAB=<prefix>), which every
// child inherits, wherever it runs.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The environment variable that tags a lab process with its run's prefix. */
export const LAB_ENV = 'HAFAULT_LAB';

export interface Owner {
  readonly pid: number;
  /** Start time of the process, in clock ticks since boot. */
  readonly startTicks: number;
}

/** A run prefix and the owner it names. */
export interface Tag {
  readonly prefix: string;
  readonly owner: Owner;
}

const TAGGED = /^(hfk-p(\d{1,10})t(\d{1,20})-[0-9a-f]{6})(?:-|$)/;

/** The start time of a live process (not a zombie), or null when there is none with that PID. */
export function startTicksOf(pid: number): number | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last `)`.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    const ticks = Number(fields[19]);
    return Number.isSafeInteger(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/** The owner is alive when its PID exists, is not a zombie, and started when the tag says. */
export function ownerAlive(owner: Owner): boolean {
  return startTicksOf(owner.pid) === owner.startTicks;
}

let self: Owner | null = null;

/** This process as an owner. */
export function thisOwner(): Owner {
  if (self === null) {
    const startTicks = startTicksOf(process.pid);
    if (startTicks === null) throw new Error(`cannot read /proc/${process.pid}/stat: lab runs need Linux`);
    self = { pid: process.pid, startTicks };
  }
  return self;
}

/** A fresh prefix for one run's resources, owned by this process. */
export function newLabPrefix(): string {
  const { pid, startTicks } = thisOwner();
  return `hfk-p${pid}t${startTicks}-${randomBytes(3).toString('hex')}`;
}

/** The tag at the start of a resource's name (or a prefix), or null when the name carries none. */
export function tagOf(name: string): Tag | null {
  const m = TAGGED.exec(name);
  if (!m) return null;
  const pid = Number(m[2]);
  const startTicks = Number(m[3]);
  if (!Number.isSafeInteger(pid) || !Number.isSafeInteger(startTicks) || pid <= 0) return null;
  return { prefix: m[1], owner: { pid, startTicks } };
}

/** The environment of a process the run starts: ours, plus the run's tag. */
export function labEnv(prefix: string): NodeJS.ProcessEnv {
  return { ...process.env, [LAB_ENV]: prefix };
}
