// A conform run killed with SIGKILL cleans nothing up (no handler runs): its keepalived daemons live
// on under PID 1, its namespaces and scratch folder stay. The next conform run removes all of it
// before it starts, and `conform --cleanup` does so on demand; neither touches what a live run owns
// or what carries no owner tag. Checked against the machine itself (namespaces, processes, temp
// folders, links of the machine's own namespace), before and after. Other test files may run real
// clusters at the same time: their things are told apart by their owner, a live process.
// Needs root, network namespaces and keepalived; says so loudly when it cannot run (testBanner.ts).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { keepalivedProduct } from '../../../models/keepalived/real.js';
import { realEnvironmentProblem } from './environment.js';
import { requireRealOrBanner } from './testBanner.js';
import { withConformLock } from './testLock.js';

const problem = realEnvironmentProblem(keepalivedProduct);
requireRealOrBanner('cleanup after a killed run', problem);

const root = join(import.meta.dirname, '..', '..', '..');
const hex = () => randomBytes(3).toString('hex');

/** This process's start time (field 22 of /proc/self/stat), read here, not with the code under test. */
function ownStartTicks(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[22 - 3]);
}

const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });
const namespaces = () =>
  ip('netns', 'list')
    .split('\n')
    .map((l) => l.split(' ')[0])
    .filter(Boolean);
const pidsIn = (ns: string) => ip('netns', 'pids', ns).split('\n').filter(Boolean).map(Number);

/** Live (not zombie) processes: PID → command line, with the lab tag of its environment if any. */
function processes(): Map<number, string> {
  const out = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      const lab = env.find((v) => v.startsWith('HAFAULT_LAB='));
      out.set(Number(entry), lab ? `${cmdline} [${lab}]` : cmdline);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const TAGGED = /hfk-p\d+t\d+-/;

/** What the machine holds of labs that carry an owner tag (namespaces, processes, temp folders), and
 * every link of the machine's own namespace (a lab makes none there). Untagged names are other
 * people's: the canaries below show that they are left alone. */
function machine(): string[] {
  const things = [
    ...namespaces().map((n) => `namespace ${n}`),
    ...[...processes()].map(([pid, text]) => `process ${pid} ${text}`),
    ...readdirSync(tmpdir()).map((e) => `folder ${e}`),
  ].filter((t) => TAGGED.test(t));
  const links = ip('-o', 'link', 'show')
    .split('\n')
    .filter(Boolean)
    .map((l) => `link ${l.split(':')[1].trim()}`);
  return [...things, ...links].sort();
}

/** Things of a run owned by a live process other than `except` (another test file's cluster). */
function ownedByOtherLiveRun(thing: string, except: readonly number[]): boolean {
  const m = /hfk-p(\d+)t\d+-/.exec(thing);
  if (!m || except.includes(Number(m[1]))) return false;
  return existsSync(`/proc/${m[1]}`);
}

function hafault(args: readonly string[]): { child: ChildProcess; out: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'harness/cli/main.ts'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  return { child, out };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Polls (never a fixed sleep) until `probe` holds; generous: a loaded 2-core machine. */
async function until(what: string, probe: () => boolean, child?: ChildProcess, limitMs = 60_000): Promise<void> {
  for (const start = Date.now(); !probe(); await new Promise((r) => setTimeout(r, 100))) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`exited before ${what}`);
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Things that must outlive every cleanup: a live run's (this process owns it) and untagged ones. */
class Canaries {
  readonly liveTag = `hfk-p${process.pid}t${ownStartTicks()}-${hex()}`;
  readonly liveNs = `${this.liveTag}-r1`;
  readonly untaggedNs = `hfk-${hex()}-canary`;
  readonly liveDir = mkdtempSync(join(tmpdir(), `${this.liveTag}-`));
  readonly untaggedDir = mkdtempSync(join(tmpdir(), `hfk-${hex()}-canary-`));
  readonly sleepers: ChildProcess[] = [];

  constructor() {
    ip('netns', 'add', this.liveNs);
    ip('netns', 'add', this.untaggedNs);
    const env = { ...process.env, HAFAULT_LAB: this.liveTag };
    this.sleepers.push(spawn('ip', ['netns', 'exec', this.liveNs, 'sleep', '600'], { env, stdio: 'ignore' }));
    this.sleepers.push(spawn('ip', ['netns', 'exec', this.untaggedNs, 'sleep', '600'], { stdio: 'ignore' }));
  }

  things(): string[] {
    return [
      `namespace ${this.liveNs}`,
      `namespace ${this.untaggedNs}`,
      `folder ${this.liveDir}`,
      `folder ${this.untaggedDir}`,
      ...this.sleepers.map((s) => `process ${s.pid}`),
    ];
  }

  present(): string[] {
    const ns = namespaces();
    const live = processes();
    return this.things().filter((t) => {
      const [kind, name] = t.split(' ');
      if (kind === 'namespace') return ns.includes(name);
      if (kind === 'folder') return existsSync(name);
      return live.has(Number(name));
    });
  }

  remove(): void {
    removePlanted(this.sleepers, [this.liveNs, this.untaggedNs], [this.liveDir, this.untaggedDir]);
  }
}

/** Removes what a test planted, whatever state a failed test left it in. */
function removePlanted(sleepers: readonly ChildProcess[], nss: readonly string[], dirs: readonly string[]): void {
  for (const s of sleepers) s.kill('SIGKILL');
  for (const ns of nss) if (namespaces().includes(ns)) execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

if (problem === null) {
  describe('what a conform run killed with SIGKILL leaves behind is removed, and only that', () => {
    let canaries: Canaries;
    const out = mkdtempSync(join(tmpdir(), 'hafault-killed-'));
    const conform = ['conform', '--model', 'keepalived', '--runs', '1', '--parallel', '1', '--seed', '1', '--out', out];

    beforeAll(async () => {
      canaries = new Canaries();
      await until('the canary processes', () => canaries.present().length === canaries.things().length);
    });

    afterAll(() => {
      canaries.remove();
      rmSync(out, { recursive: true, force: true });
    });

    /** After a failed test: stop its runs and remove what they left (the code under test, run once more). */
    const tidyAfter = (children: () => readonly ChildProcess[]) =>
      onTestFinished(({ task }) => {
        for (const c of children()) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
        if (task.result?.state === 'fail')
          execFileSync(
            process.execPath,
            ['--import', 'tsx', join(root, 'harness/cli/main.ts'), 'conform', '--cleanup'],
            {
              cwd: root,
              stdio: 'ignore',
            },
          );
      });

    it('the next conform run removes it all before it starts: the machine is as it found it', async () => {
      await withConformLock(async () => {
        const before = machine();
        const killed = hafault(conform);
        let next: ReturnType<typeof hafault> | null = null;
        tidyAfter(() => [killed.child, ...(next ? [next.child] : [])]);
        const tagA = `hfk-p${killed.child.pid}t`;
        const labOf = (tag: string) => namespaces().filter((n) => n.startsWith(tag));
        const lab = () =>
          labOf(tagA).flatMap((n) => {
            try {
              return pidsIn(n);
            } catch {
              return [];
            }
          });
        // Up: three namespaces, both monitors and at least one keepalived.
        await until(
          'the lab of the run to be killed',
          () => labOf(tagA).length >= 3 && lab().length >= 4,
          killed.child,
        );
        const gone = exited(killed.child);
        killed.child.kill('SIGKILL');
        expect((await gone).signal).toBe('SIGKILL');

        const left = machine().filter((t) => t.includes(tagA));
        expect(left.filter((t) => t.startsWith('namespace '))).toHaveLength(3);
        expect(left.filter((t) => t.startsWith('folder '))).toHaveLength(1);
        const daemons = left.filter((t) => t.startsWith('process ') && t.includes(' keepalived '));
        expect(daemons.length, 'keepalived lives on after its run is killed').toBeGreaterThanOrEqual(1);

        next = hafault(conform);
        const tagB = `hfk-p${next.child.pid}t`;
        // It removes leftovers before it makes its own lab: once that exists (its switch namespace,
        // not the probe of its environment check), the removal is over.
        await until("the next run's lab", () => labOf(tagB).some((n) => n.endsWith('-sw')), next.child);
        const stopped = exited(next.child);
        next.child.kill('SIGINT');
        expect((await stopped).code, next.out.stderr).toBe(130);

        const said = next.out.stderr;
        expect(said).toMatch(
          new RegExp(
            `removing what conform run ${tagA}\\d+-[0-9a-f]{6} left behind \\(its process, pid ${killed.child.pid}, is gone\\)`,
          ),
        );
        for (const t of left.filter((x) => x.startsWith('namespace ')))
          expect(said).toContain(`deleted namespace ${t.slice(10)}`);
        expect(said).toContain(`deleted folder ${join(tmpdir(), left.find((t) => t.startsWith('folder '))!.slice(7))}`);
        for (const d of daemons) expect(said).toContain(`killed process ${d.split(' ')[1]}: keepalived`);

        const after = machine();
        const others = (t: string) => ownedByOtherLiveRun(t, [killed.child.pid!, next.child.pid!]);
        expect(after.filter((t) => t.includes(tagA) || t.includes(tagB))).toEqual([]);
        expect(
          after.filter((t) => !before.includes(t) && !others(t)),
          'new since the start',
        ).toEqual([]);
        expect(
          after.filter((t) => t.startsWith('link ')),
          "the machine's own links",
        ).toEqual(before.filter((t) => t.startsWith('link ')));
        expect(canaries.present()).toEqual(canaries.things());
      });
    }, 150_000);

    it('conform --cleanup removes, one entry per thing, what a dead owner left (a reused PID is not its owner); then nothing is left to clean', async () => {
      // This process's PID with another start time: as if the PID had been reused after a run was killed.
      const staleTag = `hfk-p${process.pid}t${ownStartTicks() + 1}-${hex()}`;
      const ns = `${staleTag}-r1`;
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'add', 'br0', 'type', 'bridge');
      const env = { ...process.env, HAFAULT_LAB: staleTag };
      // A daemon inside its namespace, and a watcher outside any (found by its environment alone).
      const inside = spawn('ip', ['netns', 'exec', ns, 'sleep', '600'], { env, stdio: 'ignore' });
      const outside = spawn('sleep', ['600'], { env, stdio: 'ignore' });
      const folder = mkdtempSync(join(tmpdir(), `${staleTag}-`));
      writeFileSync(join(folder, 'r1.conf'), 'left behind\n');
      await until('the planted daemon in its namespace', () => pidsIn(ns).includes(inside.pid!));
      const insideGone = exited(inside);
      const outsideGone = exited(outside);
      onTestFinished(() => removePlanted([inside, outside], [ns], [folder]));

      await withConformLock(async () => {
        const cleanup = hafault(['conform', '--cleanup', '--json']);
        expect((await exited(cleanup.child)).code, cleanup.out.stderr).toBe(0);
        const json = JSON.parse(cleanup.out.stdout);
        const entry = (kind: string, name: string, detail: string) => ({
          run: staleTag,
          ownerPid: process.pid,
          kind,
          name,
          detail,
        });
        expect(json.removed.filter((r: { run: string }) => r.run === staleTag)).toEqual([
          ...[inside.pid!, outside.pid!].sort((a, b) => a - b).map((pid) => entry('process', String(pid), 'sleep 600')),
          entry('namespace', ns, 'bridge br0'),
          entry('directory', folder, ''),
        ]);
        expect(json.failed).toEqual([]);
        expect(json.liveRuns).toContainEqual({ run: canaries.liveTag, ownerPid: process.pid });
        expect(json.untagged.namespaces).toContain(canaries.untaggedNs);
        expect(json.untagged.directories).toContain(canaries.untaggedDir);
        expect(await insideGone).toEqual({ code: null, signal: 'SIGKILL' });
        expect(await outsideGone).toEqual({ code: null, signal: 'SIGKILL' });
        expect(namespaces()).not.toContain(ns);
        expect(existsSync(folder)).toBe(false);
        expect(canaries.present()).toEqual(canaries.things());

        const again = hafault(['conform', '--cleanup']);
        expect((await exited(again.child)).code, again.out.stderr).toBe(0);
        expect(again.out.stdout).toContain('nothing to clean: no conform run whose process is gone left anything here');
        expect(again.out.stdout).toContain(
          `left alone: run ${canaries.liveTag} (its process, pid ${process.pid}, is running)`,
        );
        expect(again.out.stdout).toMatch(/left alone, no owner tag .*namespace hfk-[0-9a-f]{6}-canary/);
      });
    }, 150_000);
  });
}
