// The inputs that hang (or would run for days) rather than fail: the fuzzer cannot run them in its
// own process, so each runs here as a `hafault` process killed after a deadline. Each is bad input
// and must end quickly with exit 2 and one line: a count past its ceiling (`--runs 1e9`), an output
// under /proc (Node's recursive mkdir there never returns), and an input that is not a regular file
// (a FIFO with no writer blocks on open; /dev/zero would also fill the memory, so it is not run here),
// and a time 2^53-1 ms away (a trace's endMs, a plan step), which runs 5 million events for tens of
// seconds and gigabytes and then blames the model for oscillating (the fuzzer leaves these out).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const MAIN = join(root, 'harness/cli/main.ts');
const TRACE = join(root, 'properties/corpus/ka-2-partition-dual-master.json');
/** Far more than a refusal takes (tsx starts in about 2 s on a busy machine). */
const DEADLINE_MS = 20_000;

const dir = mkdtempSync(join(tmpdir(), 'hafault-hangs-'));
const fifo = (name: string) => {
  execFileSync('mkfifo', [join(dir, name)]);
  return join(dir, name);
};

/** The corpus trace with its end moved to 2^53-1 ms. */
function farTrace(): string {
  const doc = JSON.parse(readFileSync(TRACE, 'utf8')) as { endMs: number };
  doc.endMs = Number.MAX_SAFE_INTEGER;
  writeFileSync(join(dir, 'far.json'), JSON.stringify(doc));
  return join(dir, 'far.json');
}

const CASES: readonly (readonly string[])[] = [
  ['check', '--model', 'keepalived', '--runs', '1e9', '--out', join(dir, 'out')],
  ['sweep', '--model', 'keepalived', '--set', 'advertIntMs=1s,2s', '--runs', '1e9', '--threads', '1', '--quiet'],
  ['check', '--model', 'keepalived', '--runs', '1', '--out', '/proc/hafault-fuzz'],
  ['replay', TRACE, '--html', '/proc/hafault-fuzz/trace.html'],
  ['check', '--topology', fifo('topology.yaml'), '--runs', '1', '--out', join(dir, 'out')],
  ['run', '--model', 'keepalived', '--plan', fifo('steps.plan')],
  ['replay', fifo('trace.json')],
  ['replay', farTrace()],
  ['run', '--model', 'keepalived', '--step', 'at 9007199254740991ms: host-crash r1', '--step', '+1s: host-boot r1'],
];

function hafault(args: readonly string[]): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: root,
      timeout: DEADLINE_MS,
      killSignal: 'SIGKILL',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stderr, ms: performance.now() - started }));
  });
}

/** The command line as the test's name: the temporary folder and the repository shortened. */
const named = (args: readonly string[]) => args.join(' ').replaceAll(dir, '$TMP').replaceAll(`${root}/`, '');

describe('inputs that must be refused, not hang', () => {
  // All at once: a case that hangs costs the deadline once, not once per case.
  let runs: Promise<{ code: number | null; stderr: string; ms: number }>[] = [];
  beforeAll(() => {
    runs = CASES.map((args) => hafault(args));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const [i, args] of CASES.entries()) {
    it(`hafault ${named(args)}: exit 2 with one line, at once`, async () => {
      const r = await runs[i];
      expect(r.ms, `still running after ${DEADLINE_MS} ms (killed)`).toBeLessThan(DEADLINE_MS);
      expect(r.stderr).not.toMatch(/^\s+at |TypeError|ReferenceError/m);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});
