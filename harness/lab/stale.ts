// What killed lab runs left behind, found by owner tag (owner.ts) and removed. A run killed with
// SIGKILL runs no teardown: its daemons live on (re-parented to PID 1), and its namespaces and
// scratch folder stay until something removes them. A later run finds them here: processes by the
// tag in their environment and by the namespace they run in (with their descendants), namespaces and
// folders by name. A run whose owner is alive is someone's run in progress, and a `hfk-…` name
// without a tag is not ours to judge: both are only counted, never touched. Synchronous: it runs
// before any lab of this process exists, and removal order matters (processes hold namespaces).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAB_ENV, ownerAlive, tagOf, type Tag } from './owner.js';
import { alive, freezeAndKill, waitGone } from './resources.js';
import { commandSync, outputSync } from './shell.js';

/** One run's resources, as found on the machine. */
export interface LabRun extends Tag {
  readonly namespaces: string[];
  /** Scratch folders, full paths. */
  readonly directories: string[];
  /** Live processes carrying the run's tag in their environment. */
  readonly processes: number[];
}

export interface LabScan {
  /** Runs whose owner is gone: to be removed. */
  readonly stale: readonly LabRun[];
  /** Runs whose owner is alive: in progress, left alone. */
  readonly live: readonly LabRun[];
  /** Names that look like a lab's (`hfk-…`) but carry no owner tag: left alone. */
  readonly untagged: { readonly namespaces: readonly string[]; readonly directories: readonly string[] };
}

export type LabThing = 'process' | 'namespace' | 'directory';

/** One thing removed (or that could not be), and the run it belonged to. */
export interface Removal {
  readonly run: string;
  readonly ownerPid: number;
  readonly kind: LabThing;
  /** PID, namespace name or folder path. */
  readonly name: string;
  /** What it was: a process's command line, a namespace's links. */
  readonly detail: string;
  /** Why it is still there, when it could not be removed. */
  readonly failure?: string;
}

const LAB_NAME = /^hfk-/;

/** Every lab resource on the machine, sorted by run and by whether its owner lives. */
export function scanLabs(dir: string = tmpdir()): LabScan {
  const runs = new Map<string, LabRun>();
  const untagged = { namespaces: [] as string[], directories: [] as string[] };
  const runOf = (tag: Tag): LabRun => {
    let run = runs.get(tag.prefix);
    if (!run) runs.set(tag.prefix, (run = { ...tag, namespaces: [], directories: [], processes: [] }));
    return run;
  };
  for (const ns of namespaceNames()) {
    const tag = tagOf(ns);
    if (tag) runOf(tag).namespaces.push(ns);
    else if (LAB_NAME.test(ns)) untagged.namespaces.push(ns);
  }
  for (const entry of entriesOf(dir)) {
    const tag = tagOf(entry);
    if (tag) runOf(tag).directories.push(join(dir, entry));
    else if (LAB_NAME.test(entry)) untagged.directories.push(join(dir, entry));
  }
  for (const [pid, prefix] of taggedProcesses()) {
    const tag = tagOf(prefix);
    if (tag && tag.prefix === prefix) runOf(tag).processes.push(pid);
  }
  const all = [...runs.values()].sort((a, b) => (a.prefix < b.prefix ? -1 : 1));
  for (const run of all) run.namespaces.sort();
  const live = all.filter((r) => ownerAlive(r.owner));
  return { stale: all.filter((r) => !live.includes(r)), live, untagged };
}

function namespaceNames(): string[] {
  return outputSync('ip', ['netns', 'list'])
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name !== '');
}

function entriesOf(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Live processes whose environment carries a lab tag, with the tag's value. */
function taggedProcesses(): Map<number, string> {
  const found = new Map<number, string>();
  const key = `${LAB_ENV}=`;
  for (const entry of entriesOf('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
    } catch {
      continue; // gone meanwhile, or a kernel thread
    }
    const value = environ.split('\0').find((v) => v.startsWith(key));
    if (value !== undefined && alive(Number(entry))) found.set(Number(entry), value.slice(key.length));
  }
  return found;
}

/**
 * Removes one stale run: its processes first (they hold its namespaces), then its namespaces (their
 * bridges and veths go with them), then its folders. Calls `report` once per thing, as it goes.
 * Every step tolerates a thing already gone (another cleanup may run at the same time).
 */
export function removeRun(run: LabRun, report: (r: Removal) => void): void {
  const base = { run: run.prefix, ownerPid: run.owner.pid };
  killProcesses(run, (pid, detail, failure) =>
    report({ ...base, kind: 'process', name: String(pid), detail, failure }),
  );
  // Described before any goes: deleting a namespace takes the far end of each of its veths along.
  const details = run.namespaces.map(linksIn);
  run.namespaces.forEach((ns, i) => {
    const detail = details[i];
    if (commandSync('ip', ['netns', 'del', ns]) || !namespaceNames().includes(ns))
      report({ ...base, kind: 'namespace', name: ns, detail });
    else report({ ...base, kind: 'namespace', name: ns, detail, failure: '`ip netns del` failed' });
  });
  for (const dir of run.directories) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // reported below
    }
    if (existsSync(dir)) report({ ...base, kind: 'directory', name: dir, detail: '', failure: 'could not be deleted' });
    else report({ ...base, kind: 'directory', name: dir, detail: '' });
  }
}

function killProcesses(run: LabRun, report: (pid: number, detail: string, failure?: string) => void): void {
  const pids = new Set(run.processes);
  for (const ns of run.namespaces)
    for (const line of outputSync('ip', ['netns', 'pids', ns]).split('\n'))
      if (/^\d+$/.test(line.trim())) pids.add(Number(line.trim()));
  const described = new Map<number, string>();
  freezeAndKill(pids, () => {
    for (const pid of pids) if (alive(pid)) described.set(pid, commandLineOf(pid));
  });
  waitGone([...described.keys()], 5_000);
  for (const [pid, detail] of [...described].sort((a, b) => a[0] - b[0]))
    report(pid, detail, alive(pid) ? 'still running after SIGKILL' : undefined);
}

function commandLineOf(pid: number): string {
  try {
    const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return text.length > 140 ? `${text.slice(0, 139)}…` : text;
  } catch {
    return '';
  }
}

/** "bridge br0; veth p0, p1": the links inside a namespace, by kind (loopback left out). */
function linksIn(ns: string): string {
  type Link = { ifname?: string; link_type?: string; linkinfo?: { info_kind?: string } };
  let links: Link[];
  try {
    links = JSON.parse(outputSync('ip', ['-j', '-d', '-n', ns, 'link', 'show']) || '[]') as Link[];
  } catch {
    return '';
  }
  const byKind = new Map<string, string[]>();
  for (const l of links) {
    if (l.link_type === 'loopback' || !l.ifname) continue;
    const kind = l.linkinfo?.info_kind ?? 'link';
    byKind.set(kind, [...(byKind.get(kind) ?? []), l.ifname]);
  }
  return [...byKind].map(([kind, names]) => `${kind} ${names.join(', ')}`).join('; ');
}
