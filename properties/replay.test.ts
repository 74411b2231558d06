// A trace file written for a counterexample replays to the same violations and timeline; an older
// format version still loads; a broken file is refused with the field that is wrong.
import { describe, expect, it } from 'vitest';
import { makeTraceFile, replayTrace } from '../harness/runners/replay.js';
import { search, target } from '../harness/runners/testing.js';
import { parseTraceFile, serializeTrace, TraceFileError } from '../harness/engine/traceFile.js';

function counterexampleFile() {
  const t = target('xenserver-ha', 'single-switch', { profile: 'seed-2009' });
  const r = search(t, 'noPoolWideFence');
  const ce = r.counterexample!;
  return makeTraceFile({
    model: t.model,
    preset: 'single-switch',
    topology: t.topology,
    config: t.config,
    search: { seed: ce.seed, path: ce.path, runs: 100 },
    properties: ['noPoolWideFence', 'noUnnecessaryFence'],
    schedule: ce.schedule,
    run: ce.run,
  });
}

describe('trace files', () => {
  it('replay to the same violations and the same timeline, byte for byte', () => {
    const file = parseTraceFile(serializeTrace(counterexampleFile()));
    expect(file.violations.map((v) => v.property)).toEqual(['noPoolWideFence', 'noUnnecessaryFence']);
    const outcome = replayTrace(file);
    expect(outcome.sameViolations).toBe(true);
    expect(outcome.sameTimeline).toBe(true);
  });

  it('notice when the recording no longer matches', () => {
    const file = counterexampleFile();
    const tampered = { ...file, violations: file.violations.slice(1) };
    expect(replayTrace(tampered).sameViolations).toBe(false);
    const shifted = { ...file, schedule: file.schedule.map((s) => ({ ...s, at: s.at + 1000 })) };
    expect(replayTrace(shifted).sameTimeline).toBe(false);
  });

  it('load format version 1 (seed and path at the top level, no story, no digest)', () => {
    const v2 = counterexampleFile();
    const { search: s, story: _story, hafault: _hafault, digest: _digest, ...rest } = v2;
    const v1 = { ...rest, formatVersion: 1, seed: s!.seed, path: s!.path, runs: s!.runs };
    const loaded = parseTraceFile(JSON.stringify(v1));
    expect(loaded.formatVersion).toBe(3);
    // Written before files carried the hafault version and a digest: neither is made up.
    expect([loaded.hafault, loaded.digest]).toEqual([null, null]);
    expect(loaded.search).toEqual(s);
    expect(loaded.story).toEqual(v2.story);
    expect(replayTrace(loaded).sameViolations).toBe(true);
  });

  it('refuse broken files with the path of the wrong field', () => {
    const good = JSON.parse(serializeTrace(counterexampleFile()));
    const cases: [unknown, RegExp][] = [
      ['not json', /not JSON/],
      [{ ...good, format: 'other' }, /format: expected "hafault-trace"/],
      [{ ...good, formatVersion: 99 }, /newer than this hafault reads/],
      [{ ...good, schedule: [{ at: -1, fault: 'nic-down', target: 'x' }] }, /schedule\[0\]\.at/],
      [{ ...good, schedule: [{ at: 0, fault: 'nic-melts', target: 'x' }] }, /schedule\[0\]\.fault/],
      [{ ...good, model: {} }, /model\.name/],
    ];
    for (const [doc, message] of cases) {
      const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
      expect(() => parseTraceFile(text, 'f.json')).toThrow(TraceFileError);
      expect(() => parseTraceFile(text, 'f.json')).toThrow(message);
    }
  });
});
