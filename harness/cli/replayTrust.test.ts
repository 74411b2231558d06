// `replay` says why a trace no longer reproduces: the file was edited (its digest no longer
// matches), the model changed (its version differs from the recorded one), or, only when neither,
// the engine changed. An edited file that still checks out is replayed, and the edit is said even
// when it reproduces. A trace that cannot be replayed is bad input: exit 2, one line, no stack trace.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReplay } from './replay.js';

const root = join(import.meta.dirname, '..', '..');
const corpus = join(root, 'properties', 'corpus');
/** xenserver-ha 2.0.0, two-host: h2 crashes at 10 s; four properties violated (exit 1 when it reproduces). */
const TWO_HOST = 'xs-1-two-host-survivor-fences-seed-2009.json';
const EDITED = 'edited: the file no longer matches the digest it was written with';
const dir = mkdtempSync(join(tmpdir(), 'hafault-replay-trust-'));

function doc(name = TWO_HOST) {
  return JSON.parse(readFileSync(join(corpus, name), 'utf8'));
}

/** The digest as docs/design.md defines it, computed here without hafault's code: sha256 of the JSON with sorted keys, minus `digest`. */
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
function digestOf(trace: Record<string, unknown>): string {
  const { digest: _digest, ...content } = trace;
  return `sha256:${createHash('sha256')
    .update(JSON.stringify(sorted(content)))
    .digest('hex')}`;
}

let n = 0;
function replay(trace: unknown, flags: { json?: boolean; html?: string } = {}) {
  const path = join(dir, `t${++n}.json`);
  writeFileSync(path, JSON.stringify(trace, null, 1));
  let stdout = '';
  const code = runReplay(path, flags, (s) => (stdout += s));
  return { code, stdout };
}

describe('replay tells an edit from a model or engine change', () => {
  it('every corpus file carries the hafault version and a digest of its content', () => {
    for (const name of readdirSync(corpus).filter((f) => f.endsWith('.json'))) {
      const trace = doc(name);
      expect(trace.formatVersion, name).toBe(3);
      expect(trace.hafault, name).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
      expect(trace.digest, name).toBe(digestOf(trace));
    }
  });

  it('an untouched file reproduces with nothing to note', () => {
    const r = replay(doc());
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('reproduced: the same violations and the same timeline, byte for byte');
    expect(r.stdout).not.toContain('note:');
  });

  it('an edit that changes nothing replayed still reproduces, and the edit is said', () => {
    const trace = doc();
    trace.story[0] = 'at 10 s: nothing happens';
    const r = replay(trace);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`reproduced: the same violations and the same timeline, byte for byte\nnote: ${EDITED}`);
  });

  it('an edited schedule is replayed and its mismatch blamed on the edit (text, JSON and page)', () => {
    const trace = doc();
    trace.schedule[0].at = 20_000;
    const r = replay(trace);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`NOT reproduced: different violations, different timeline (${EDITED})`);
    const page = join(dir, 'edited.html');
    const json = JSON.parse(replay(trace, { json: true, html: page }).stdout);
    expect(json).toMatchObject({ reproduced: false, seal: 'edited', because: EDITED });
    expect(readFileSync(page, 'utf8')).toContain(`NOT reproduced (${EDITED})`);
  });

  it('an edited model version is an edit; a resealed one is a model change', () => {
    const trace = doc();
    trace.model.version = '1.9.0';
    expect(replay(trace).stdout).toContain(`note: ${EDITED}`);
    trace.timeline.pop();
    trace.digest = digestOf(trace);
    const r = replay(trace);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(
      'NOT reproduced: same violations, different timeline (model changed: recorded with xenserver-ha 1.9.0, this hafault has 2.0.0)',
    );
  });

  it('only a file as written, of the same model version, blames the engine', () => {
    const trace = doc();
    trace.timeline.pop();
    trace.digest = digestOf(trace);
    const r = replay(trace);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(
      'NOT reproduced: same violations, different timeline (the engine changed: the file is as written and xenserver-ha is still 2.0.0)',
    );
  });

  it('a format-2 file (no digest) still replays; a mismatch cannot be pinned on the engine alone', () => {
    const { hafault: _h, digest: _d, ...rest } = doc();
    expect(replay({ ...rest, formatVersion: 2 }).code).toBe(1);
    rest.timeline.pop();
    const r = replay({ ...rest, formatVersion: 2 });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('(the engine changed, or the file was edited: xenserver-ha is still 2.0.0');
  });

  it("a format-2 flip of a topology-file sweep (its preset the file's name) still replays", () => {
    const { hafault: _h, digest: _d, ...rest } = doc();
    rest.topology.name = 'my-two-host';
    expect(replay({ ...rest, formatVersion: 2, preset: 'my-two-host' }).code).toBe(1);
    expect(() => replay({ ...doc(), preset: 'my-two-host' })).toThrow(
      /preset: xenserver-ha has no preset `my-two-host`/,
    );
  });

  it('a format-3 file without its digest or version is refused', () => {
    const { digest: _d, ...rest } = doc();
    expect(() => replay(rest)).toThrow(/digest: expected sha256: and 64 hex digits, found nothing/);
    expect(() => replay({ ...doc(), hafault: 3 })).toThrow(/hafault: expected the hafault version that wrote the file/);
  });
});

describe('replay of a trace that cannot be replayed', () => {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  function hafault(trace: unknown) {
    const path = join(dir, `cli${++n}.json`);
    writeFileSync(path, JSON.stringify(trace));
    const r = spawnSync(tsx, [join(root, 'harness/cli/main.ts'), 'replay', path], { cwd: root, encoding: 'utf8' });
    /** The 1-based column where `json` is written in the file (one line: JSON.stringify's). */
    const col = (json: string) => JSON.stringify(trace).indexOf(json) + 1;
    return { code: r.status, stderr: r.stderr, path, col };
  }

  it('NICs that are not a list: exit 2 and one line naming the path, not a TypeError', () => {
    const trace = doc();
    trace.topology.hosts[0].nics = 5;
    const r = hafault(trace);
    expect(r.col('"nics":5')).toBeGreaterThan(1);
    expect(r.stderr).toBe(`${r.path}:1:${r.col('"nics":5')}: topology.hosts[0].nics: expected a list, found 5\n`);
    expect(r.code).toBe(2);
  });

  it('a recorded violation of a property the model does not have: exit 2, not a mismatch (3)', () => {
    const trace = doc();
    trace.violations[0].property = 'noSuchProperty';
    const r = hafault(trace);
    expect(r.code).toBe(2);
    expect(r.col('"property":"noSuchProperty"')).toBeGreaterThan(1);
    expect(r.stderr.startsWith(`${r.path}:1:${r.col('"property":"noSuchProperty"')}: `)).toBe(true);
    expect(r.stderr).toMatch(
      /^[^:]*:1:\d+: violations\[0\]\.property: xenserver-ha has no property `noSuchProperty` \(properties: [^\n]*\)\n$/,
    );
  });
});
