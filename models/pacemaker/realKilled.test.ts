// The real Pacemaker lab leaves nothing behind however its process ends. SIGTERM: its teardown
// runs (harness/lab/cleanup.ts). SIGKILL: nothing runs, corosync and pacemaker live on in the
// node namespaces, and `hafault conform --cleanup` (which every lab run also does first) removes
// them by their owner tag. Checked against the machine itself: namespaces, processes, temp folders,
// the machine's own links and mounts, before and after. Serialised with the other real labs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labHostProblem } from '../../harness/runners/conform/environment.js';
import { withConformLock } from '../../harness/runners/conform/testLock.js';
import { pacemakerLabUnavailable } from './real.js';

const problem =
  process.env.HAFAULT_REAL === 'off' ? 'disabled by HAFAULT_REAL=off' : (labHostProblem() ?? pacemakerLabUnavailable());
const root = join(import.meta.dirname, '..', '..');

const namespaces = () =>
  execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0])
    .filter(Boolean);

/** Live processes whose environment carries `tag`, or which run in one of `nss`: pid → command name. */
function processesOf(tag: string, nss: readonly string[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const ns of nss)
    for (const l of execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\n').filter(Boolean))
      out.set(Number(l), '');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').includes(`HAFAULT_LAB=${tag}`)) out.set(Number(entry), '');
    } catch {
      // gone meanwhile
    }
  }
  for (const pid of out.keys()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))) out.delete(pid);
      else out.set(pid, readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
    } catch {
      out.delete(pid);
    }
  }
  return out;
}

/** Everything of the run tagged `hfk-p<pid>t…` on the machine, plus the machine's own links and mounts. */
function machine(pid: number): { things: string[]; links: string; mounts: string[] } {
  const tag = `hfk-p${pid}t`;
  const nss = namespaces().filter((n) => n.startsWith(tag));
  const folders = readdirSync(tmpdir()).filter((e) => e.startsWith(tag));
  const runTag = nss[0]?.replace(/-[a-z0-9]+$/, '') ?? `${tag}`;
  const procs = [...processesOf(runTag, nss)].map(([p, comm]) => `process ${p} ${comm}`);
  return {
    things: [...nss.map((n) => `namespace ${n}`), ...folders.map((f) => `folder ${f}`), ...procs],
    links: execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).replace(/\s+\d+$/gm, ''),
    mounts: readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .filter((l) => l.includes('hfk-')),
  };
}

function tryLab(): ChildProcess {
  // A schedule far in the future: the run is still going when it is ended.
  return spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'models/pacemaker/realTry.ts'), '--schedule', 'at 300s: cut-link n1|n2'],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

async function until(what: string, probe: () => boolean, child: ChildProcess, limitMs = 60_000): Promise<void> {
  for (let waited = 0; !probe(); waited += 200, await new Promise((r) => setTimeout(r, 200))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the lab exited before ${what}`);
    if (waited > limitMs) throw new Error(`timed out waiting for ${what}`);
  }
}

const exited = (c: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) resolve({ code: c.exitCode, signal: c.signalCode });
    else c.once('exit', (code, signal) => resolve({ code, signal }));
  });

/** Up: the switch and both nodes, corosync and pacemakerd running in the nodes. */
const upProbe = (pid: number) => () => {
  const m = machine(pid).things;
  return (
    m.filter((t) => t.startsWith('namespace')).length === 3 &&
    m.some((t) => t.endsWith(' corosync')) &&
    m.some((t) => t.endsWith(' pacemakerd'))
  );
};

describe.runIf(problem === null)('the real Pacemaker lab leaves nothing behind', () => {
  it('SIGTERM: its own teardown removes the namespaces, daemons and folder', async () => {
    await withConformLock(async () => {
      const before = machine(0);
      const lab = tryLab();
      const pid = lab.pid!;
      try {
        await until('the lab to come up', upProbe(pid), lab);
        const gone = exited(lab);
        lab.kill('SIGTERM');
        expect((await gone).code).toBe(143);
        const after = machine(pid);
        expect(after.things).toEqual([]);
        expect(after.links).toBe(before.links);
        expect(after.mounts).toEqual([]);
      } finally {
        lab.kill('SIGKILL');
      }
    });
  }, 120_000);

  it('SIGKILL: daemons live on; conform --cleanup removes every one of them and the rest', async () => {
    await withConformLock(async () => {
      const before = machine(0);
      const lab = tryLab();
      const pid = lab.pid!;
      await until('the lab to come up', upProbe(pid), lab);
      const gone = exited(lab);
      lab.kill('SIGKILL');
      expect((await gone).signal).toBe('SIGKILL');
      const left = machine(pid).things;
      expect(left.filter((t) => t.startsWith('namespace'))).toHaveLength(3);
      expect(left.filter((t) => t.startsWith('folder'))).toHaveLength(1);
      expect(
        left.some((t) => t.endsWith(' corosync')),
        left.join('\n'),
      ).toBe(true);

      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', join(root, 'harness/cli/main.ts'), 'conform', '--cleanup'],
        {
          cwd: root,
          encoding: 'utf8',
        },
      );
      for (const t of left.filter((x) => x.startsWith('namespace')))
        expect(out).toContain(`deleted namespace ${t.slice(10)}`);
      expect(out).toMatch(/killed process \d+: corosync -f/);
      const after = machine(pid);
      expect(after.things).toEqual([]);
      expect(after.links).toBe(before.links);
      expect(after.mounts).toEqual([]);
    });
  }, 120_000);
});
