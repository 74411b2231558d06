// What a trace file holds is input like any other: a timeline or a violation the engine could not
// have written is bad input at its JSON path (exit 2), even re-sealed with a valid digest, never a
// replay mismatch blamed on the engine (exit 3); a version-1 file's own fields are checked as
// strictly; and nothing from the file reaches the terminal unescaped: the story printed is the one
// the schedule says, and the file's text (mismatches, names) is printed with its controls escaped.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceFileError } from '../engine/traceFile.js';
import { runReplay } from './replay.js';

const root = join(import.meta.dirname, '..', '..');
/** xenserver-ha 2.0.0, two-host: h2 crashes at 10 s; four properties violated (exit 1 when it reproduces). */
const TRACE = join(root, 'properties', 'corpus', 'xs-1-two-host-survivor-fences-seed-2009.json');
const dir = mkdtempSync(join(tmpdir(), 'hafault-replay-contents-'));

/** The digest as docs/design.md defines it, computed without hafault's code. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(obj)
      .sort()
      .map((k) => [k, sorted(obj[k])]),
  );
}
function resealed<T extends Record<string, unknown>>(trace: T): T {
  const { digest: _digest, ...content } = trace;
  const digest = `sha256:${createHash('sha256')
    .update(JSON.stringify(sorted(content)))
    .digest('hex')}`;
  return { ...trace, digest };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an edited file is any JSON
type Doc = Record<string, any>;
const doc = (): Doc => JSON.parse(readFileSync(TRACE, 'utf8')) as Doc;

let n = 0;
function write(trace: unknown): string {
  const path = join(dir, `t${++n}.json`);
  writeFileSync(path, JSON.stringify(trace, null, 1));
  return path;
}
function replay(trace: unknown, json = false) {
  let stdout = '';
  const code = runReplay(write(trace), { json }, (s) => (stdout += s));
  return { code, stdout };
}
/** The problem lines of a refused file (without their `file:line:col: ` prefix, which each must have). */
function refusal(trace: unknown): string[] {
  try {
    replay(trace);
  } catch (error) {
    if (!(error instanceof TraceFileError)) throw error;
    return error.problems.map((p) => p.replace(/^[^:]*:\d+:\d+: /, ''));
  }
  throw new Error('accepted');
}

/** Control characters a terminal acts on: ESC (ANSI), other C0/C1 controls but newline, bidi overrides. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

describe('a timeline is checked entry by entry', () => {
  it('an entry at "x", re-sealed: exit 2 at its path, not a mismatch blamed on the engine', () => {
    const trace = doc();
    trace.timeline[3] = { ...trace.timeline[3], at: 'x' };
    expect(refusal(resealed(trace))).toStrictEqual([
      'timeline[3].at: expected milliseconds (a whole number ≥ 0), found "x"',
    ]);
  });

  it('entries out of order, of an unknown type, with a field of the wrong type or one too many', () => {
    const trace = doc();
    const last = trace.timeline.length - 1;
    trace.timeline[last].at = 0;
    trace.timeline[1] = { at: trace.timeline[1].at, type: 'party' };
    const fault = trace.timeline.findIndex((e: Doc) => e.type === 'fault');
    trace.timeline[fault].fault = 'meteor';
    const role = trace.timeline.findIndex((e: Doc) => e.type === 'role');
    trace.timeline[role].colour = 'red';
    expect(refusal(resealed(trace))).toStrictEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^timeline\[1\]\.type: expected an entry type \(fault, truth, role, .*\), found "party"$/,
        ),
        `timeline[${fault}].fault: expected a fault name, found "meteor"`,
        expect.stringMatching(
          new RegExp(`^timeline\\[${role}\\]\\.colour: unknown field \\(a role entry has: at, type, agent`),
        ),
        expect.stringMatching(new RegExp(`^timeline\\[${last}\\]\\.at: 0 ms is before the entry before it`)),
      ]),
    );
  });

  it('the command: exit 2 and the path on stderr', () => {
    const trace = doc();
    trace.timeline[0].at = -5;
    const path = write(resealed(trace));
    const r = spawnSync(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'harness/cli/main.ts'), 'replay', path],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    // Written one field a line: `"timeline": [`, then `{`, then its first field `"at": -5` three spaces in.
    const lines = readFileSync(path, 'utf8').split('\n');
    const line = lines.indexOf(' "timeline": [') + 3;
    expect(lines[line - 1]).toBe('   "at": -5,');
    expect(r.stderr).toBe(`${path}:${line}:4: timeline[0].at: expected milliseconds (a whole number ≥ 0), found -5\n`);
    expect(r.status).toBe(2);
  });

  it('a recorded violation with a field it does not have is refused', () => {
    const trace = doc();
    trace.violations[0].severity = 'high';
    expect(refusal(resealed(trace))).toStrictEqual([
      'violations[0].severity: unknown field (a violation has property, at, explanation)',
    ]);
  });
});

describe('older formats are checked as strictly', () => {
  it('a version-1 file whose seed is not a number is refused, not read as "no search"', () => {
    const { hafault: _h, digest: _d, search, story: _s, ...rest } = doc();
    const v1 = { ...rest, formatVersion: 1, seed: 'x', path: '0:1', runs: 5 };
    expect(refusal(v1)).toStrictEqual(['seed: expected a whole number, found "x"']);
    expect(replay({ ...v1, seed: search?.seed ?? 2009 }).code).toBe(1);
  });
});

describe('nothing from the file reaches the terminal raw', () => {
  const hostile = '\u001b[2J\u001b[31mat 10 s: all is well\u202e';

  it("a format-2 file's story is not printed: the schedule's is, and the difference is noted", () => {
    const { hafault: _h, digest: _d, ...rest } = doc();
    rest.story = [hostile];
    const r = replay({ ...rest, formatVersion: 2 });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(CONTROLS);
    expect(r.stdout).not.toContain('all is well');
    expect(r.stdout).toContain('schedule:\n  at 10 s: ');
    expect(r.stdout).toContain("note: the file's story differs from its schedule");
  });

  it('an untouched file has no story note', () => {
    expect(replay(doc()).stdout).not.toContain('story differs');
  });

  it("a conformance record's sentences are printed escaped, in text and in JSON", () => {
    const trace = doc();
    trace.conformance = {
      seed: 1,
      schedule: 1,
      toleranceMs: 500,
      offsetMs: 0,
      drawn: trace.schedule,
      mismatches: [hostile],
      modelRoles: {},
      realRoles: {},
      realTimeline: [],
    };
    const text = replay(resealed(trace)).stdout;
    expect(text).toContain('✗ \\u{1b}[2J\\u{1b}[31mat 10 s: all is well\\u{202e}');
    expect(text).not.toMatch(CONTROLS);
    const json = replay(resealed(trace), true).stdout;
    expect(json).not.toMatch(CONTROLS);
    expect(JSON.parse(json).conformance.mismatches).toStrictEqual([hostile]);
  });

  it('a problem line quotes a hostile value escaped', () => {
    const trace = doc();
    trace.model.name = `xen\u001b[31m`;
    const lines = refusal(trace);
    expect(lines.join('\n')).not.toMatch(CONTROLS);
    expect(lines.join('\n')).toContain('xen\\u{1b}[31m');
  });
});
