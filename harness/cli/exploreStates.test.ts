// explore stops at --max-states (by default too, so a search never runs for hours unasked) and says
// so: the text never reads "all schedules hold" for a search cut short, and --json carries
// `truncated` and `stoppedAt`; the exit code is still the verdict's. The default is lowered to 40
// states for this file only, to prove it is applied without a minute-long search.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runExplore, type ExploreFlags } from './explore.js';

vi.mock(import('./counts.js'), async (importOriginal) => ({ ...(await importOriginal()), DEFAULT_MAX_STATES: 40 }));

const out = mkdtempSync(join(tmpdir(), 'hafault-explore-states-'));
/** Clean at depth 1 (336 schedules; docs/commands/explore.md). */
const clean: ExploreFlags = {
  model: 'xenserver-ha',
  preset: 'bonded',
  set: [],
  depth: '1',
  instants: 'coarse',
  property: [],
  out,
};

function run(flags: ExploreFlags): { code: number; text: string } {
  let text = '';
  const code = runExplore(
    flags,
    (s) => (text += s),
    () => {},
    () => {},
  );
  return { code, text };
}

describe('explore --max-states', () => {
  it('stopped with no violation: "search incomplete", never "hold", and exit 0', () => {
    const { code, text } = run({ ...clean, maxStates: '50' });
    expect(code).toBe(0);
    expect(text).toMatch(/\n {2}\? no violation in the first 5\d distinct states; search incomplete\n/);
    expect(text).toContain(
      '  ? stopped at --max-states 50 while exploring schedules of 1 fault (of up to 1): schedules past it were not tried; raise --max-states to finish',
    );
    expect(text).not.toMatch(/hold/);
  });

  it('--json says truncated and where it stopped', () => {
    const { code, text } = run({ ...clean, maxStates: '50', json: true });
    expect(code).toBe(0);
    const r = (JSON.parse(text) as { results: Record<string, unknown>[] }).results[0];
    expect(r).toMatchObject({ status: 'incomplete', complete: false, truncated: true });
    expect(r.stoppedAt).toEqual({ maxStates: 50, distinctStates: expect.any(Number), depth: 1 });
    expect((r.stoppedAt as { distinctStates: number }).distinctStates).toBeGreaterThanOrEqual(50);
  });

  it('stopped after violations: they are shown (exit 1) and the stop is said', () => {
    const flags = { ...clean, model: 'keepalived', preset: undefined, depth: '2', keepGoing: true, maxStates: '300' };
    const { code, text } = run(flags);
    expect(code).toBe(1);
    expect(text).toMatch(/✗ noDualActive: violated by 1 fault/);
    expect(text).toMatch(
      /\? stopped at --max-states 300 .*: properties not listed may still be violated; raise --max-states/,
    );
  });

  it('a complete search says so, with truncated false', () => {
    const { text } = run({ ...clean, maxStates: '100000', json: true });
    expect((JSON.parse(text) as { results: Record<string, unknown>[] }).results[0]).toMatchObject({
      status: 'holds',
      complete: true,
      truncated: false,
      stoppedAt: null,
    });
  });

  it('without --max-states the default applies (40 here)', () => {
    const { code, text } = run({ ...clean, depth: '3', keepGoing: true, json: true });
    expect(code).toBe(0);
    const r = (JSON.parse(text) as { results: Record<string, unknown>[] }).results[0];
    expect(r).toMatchObject({ truncated: true, stoppedAt: { maxStates: 40, depth: 1 } });
  });
});
