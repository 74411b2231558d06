// Each command as a user meets a run that never settles: a finding with its own exit code (5), the
// model, preset and setting, the simulated time and event count, and a `run` command that shows it.
// The toy model (test/models/pingPong.ts) joins the built-in ones for this file only; sweeps run
// on this thread (worker threads load the real registry).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { OscillationError } from '../engine/oscillation.js';
import { runCheck, type CheckFlags } from './check.js';
import { EXIT_OSCILLATION, oscillationLines } from './common.js';
import { runExplore } from './explore.js';
import { runPlan } from './run.js';
import { runSpof } from './spof.js';
import { runSweepCommand } from './sweep.js';

vi.mock(import('../../models/registry.js'), async (importOriginal) => {
  const real = await importOriginal();
  const { pingPongModel } = await import('../../test/models/pingPong.js');
  const MODELS = [...real.MODELS, pingPongModel];
  return { MODELS, findModel: (name: string) => MODELS.find((m) => m.name === name) };
});

const out = mkdtempSync(join(tmpdir(), 'hafault-oscillation-'));
const STOPPED =
  /the run never settles: 100001 events at this instant without time moving on; stopped at t = 10 s after 100001 events/;

function capture(run: (write: (s: string) => void) => number): { code: number; text: string } {
  let text = '';
  const code = run((s) => (text += s));
  return { code, text };
}

async function captureAsync(
  run: (write: (s: string) => void) => Promise<number>,
): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await run((s) => (text += s));
  return { code, text };
}

/** The arguments of a printed `npm run hafault -- run …` command (single quotes group). */
function argsOf(command: string): string[] {
  return [...command.replace('npm run hafault -- run ', '').matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

function runFlagsOf(command: string) {
  const args = argsOf(command);
  const all = (flag: string) => args.flatMap((a, i) => (args[i - 1] === flag ? [a] : []));
  return { model: all('--model')[0], preset: all('--preset')[0], set: all('--set'), step: all('--step') };
}

const checkFlags: CheckFlags = {
  model: 'ping-pong',
  preset: 'pair',
  set: [],
  property: [],
  runs: '40',
  seed: '1',
  maxFaults: '2',
  repairs: true,
  out,
};

describe('a run that never settles, command by command (exit 5)', () => {
  it('check: the cell, the shrunk schedule, the time and events, and a run command that shows the same', () => {
    const r = capture((w) => runCheck(checkFlags, w, () => {}));
    expect(r.code).toBe(EXIT_OSCILLATION);
    expect(r.text).toMatch(/ping-pong\/pair\s+NEVER SETTLES \(1 fault\)/);
    expect(r.text).toMatch(
      new RegExp(`⟳ ping-pong/pair: noDualActive cannot be judged: ${STOPPED.source} \\(a model that oscillates\\)`),
    );
    expect(r.text).toContain('    at 10 s: host h1 loses power');
    expect(r.text).toContain(
      "see it: npm run hafault -- run --model ping-pong --preset pair --step 'at 10s: host-crash h1'",
    );
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('never settles (1 fault)');
  });

  it('check --json: status oscillating; its reproduce command, run, never settles at the same instant', () => {
    const r = capture((w) => runCheck({ ...checkFlags, set: ['react=send'], json: true }, w, () => {}));
    expect(r.code).toBe(EXIT_OSCILLATION);
    const [result] = JSON.parse(r.text).results;
    expect(result).toMatchObject({
      model: 'ping-pong',
      preset: 'pair',
      property: 'noDualActive',
      status: 'oscillating',
    });
    expect(result.counterexample).toBeUndefined();
    expect(result.oscillation).toMatchObject({
      schedule: [{ at: 10_000, fault: 'host-crash', target: 'h1' }],
      at: 10_000,
      explanation: expect.stringMatching(/200 deliveries inside one another/),
    });
    expect(result.oscillation.reproduce).toBe(
      "npm run hafault -- run --model ping-pong --preset pair --set react=send --step 'at 10s: host-crash h1'",
    );
    const again = capture((w) => runPlan({ ...runFlagsOf(result.oscillation.reproduce), json: true }, w));
    expect(again.code).toBe(EXIT_OSCILLATION);
    expect(JSON.parse(again.text).runs[0].oscillation).toMatchObject({ at: 10_000, events: result.oscillation.events });
  });

  it('run: the table says where each setting stops; a setting that settles is judged as usual', () => {
    const r = capture((w) =>
      runPlan({ model: 'ping-pong', preset: 'pair', set: ['delayMs=1s,0'], step: ['at 10s: host-crash h1'] }, w),
    );
    expect(r.code).toBe(EXIT_OSCILLATION);
    expect(r.text).toMatch(/delayMs=1s\s+0 \(0\)\s+—\s+none/);
    expect(r.text).toMatch(/delayMs=0\s+0 \(0\)\s+—\s+never settles \(t = 10 s\)/);
    expect(r.text).toMatch(new RegExp(`⟳ delayMs=0: ${STOPPED.source} \\(a model that oscillates\\)`));
  });

  it('run, one plan: its timeline up to the instant, then why no property is judged', () => {
    const r = capture((w) =>
      runPlan(
        { model: 'ping-pong', preset: 'pair', set: [], step: ['at 5s: nic-down h2.n0', 'at 10s: host-crash h1'] },
        w,
      ),
    );
    expect(r.code).toBe(EXIT_OSCILLATION);
    expect(r.text).toMatch(/ {6}5 s {2}FAULT {12}NIC h2\.n0 fails\n(.*\n)* {5}10 s {2}FAULT {12}host h1 loses power\n/);
    expect(r.text).toMatch(
      /⟳ ping-pong\/pair: the run never settles: 100001 events at this instant without time moving on; stopped at t = 10 s after 100002 events \(a model that oscillates\); no property is judged/,
    );
    expect(r.text).not.toContain('✓ noDualActive');
  });

  it('sweep: stops at the first run that never settles and names the setting and the schedule', async () => {
    const flags = {
      model: 'ping-pong',
      preset: 'pair',
      set: ['delayMs=1s,0'],
      property: [],
      runs: '30',
      seed: '1',
      maxFaults: '1',
      repairs: true,
      threads: '1',
      quiet: true,
    };
    const r = await captureAsync((w) => runSweepCommand(flags, [], w));
    expect(r.code).toBe(EXIT_OSCILLATION);
    expect(r.text).toMatch(
      new RegExp(
        `^hafault sweep stopped: ping-pong/pair at delayMs=0 ms, schedule #\\d+: the run never settles: 100001 events at this instant without time moving on; stopped at t = \\d+ s after 100001 events \\(a model that oscillates; no rate is reported\\)`,
      ),
    );
    expect(r.text).toMatch(
      /see it: npm run hafault -- run --model ping-pong --preset pair --step 'at \d+s: host-crash h[12]'/,
    );
    const json = await captureAsync((w) => runSweepCommand({ ...flags, json: true }, [], w));
    expect(json.code).toBe(EXIT_OSCILLATION);
    const { oscillation } = JSON.parse(json.text);
    expect(oscillation).toMatchObject({ model: 'ping-pong', preset: 'pair', setting: { delayMs: 0 }, events: 100_001 });
    expect(r.text).toContain(`schedule #${oscillation.scheduleIndex}:`);
    expect(oscillation.schedule.map((s: { fault: string }) => s.fault)).toContain('host-crash');
  });

  it('explore: stops with the schedule under way', () => {
    const flags = { model: 'ping-pong', preset: 'pair', set: [], depth: '2', instants: 'coarse', property: [], out };
    const r = capture((w) =>
      runExplore(
        flags,
        w,
        () => {},
        () => {},
      ),
    );
    expect(r.code).toBe(EXIT_OSCILLATION);
    expect(r.text).toMatch(
      /⟳ stopped: the run never settles: .* \(a model that oscillates\), on this schedule:\n\s+at \d+ s: host h[12] loses power\n\s+see it: npm run hafault -- run --model ping-pong/,
    );
    const json = JSON.parse(
      capture((w) =>
        runExplore(
          { ...flags, json: true },
          w,
          () => {},
          () => {},
        ),
      ).text,
    );
    expect(json.results[0]).toMatchObject({
      status: 'oscillating',
      complete: false,
      oscillation: { events: 100_001, schedule: [{ fault: 'host-crash' }] },
    });
  });

  it('spof (and replay, conform): one line naming the model, time and events', () => {
    let error: unknown;
    try {
      runSpof(
        { model: 'ping-pong', preset: 'pair', set: [], property: [] },
        () => {},
        () => {},
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OscillationError);
    expect(oscillationLines('spof', error)).toEqual([
      expect.stringMatching(
        /^hafault spof: ping-pong: the run never settles: .*; stopped at t = [\d.]+ s after \d+ events \(a model that oscillates\)$/,
      ),
    ]);
    expect(oscillationLines('spof', new Error('other'))).toBeNull();
  });
});
