// Each command as a user meets a run that never settles: a finding with its own exit code (5), the
// model, preset and setting, the simulated time and event count, and a `run` command that shows it.
// The toy model (test/models/pingPong.ts) joins the built-in ones for this file only; sweeps run
// on this thread (worker threads load the real registry).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { OscillationError } from '../engine/oscillation.js';
import { runCheck, type CheckFlags } from './check.js';
import { EXIT_OSCILLATION, oscillationLines } from './common.js';
import { runExplore } from './explore.js';
import { runReplay } from './replay.js';
import { runPlan } from './run.js';
import { runSpof } from './spof.js';
import { runSweepCommand } from './sweep.js';
import { spofReport } from '../runners/spof.js';
import { stoppedTraceFile } from '../runners/stoppedRun.js';
import { presetTarget } from '../engine/target.js';
import { pingPongModel } from '../../test/models/pingPong.js';
import { parseXml } from '../../reports/testXml.js';

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

/** The arguments of a printed `npx hafault run …` command (single quotes group). */
function argsOf(command: string): string[] {
  return [...command.replace('npx hafault run ', '').matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
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
    expect(r.text).toContain("see it: npx hafault run --model ping-pong --preset pair --step 'at 10s: host-crash h1'");
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('never settles (1 fault)');
  });

  it('check --junit: an <error type="never-settles"> with the run command; under GitHub Actions a ::warning', () => {
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    const junit = join(out, 'junit.xml');
    try {
      const r = capture((w) => runCheck({ ...checkFlags, junit }, w, () => {}));
      expect(r.code).toBe(EXIT_OSCILLATION);
      const [testcase] = parseXml(readFileSync(junit, 'utf8')).children[0].children;
      expect(testcase.attributes).toEqual({ classname: 'ping-pong/pair', name: 'noDualActive' });
      const [error] = testcase.children;
      expect(error.name).toBe('error');
      expect(error.attributes.type).toBe('never-settles');
      expect(error.attributes.message).toMatch(STOPPED);
      expect(error.text).toContain('at 10 s: host h1 loses power');
      expect(error.text).toContain(
        "see it: npx hafault run --model ping-pong --preset pair --step 'at 10s: host-crash h1'",
      );
      const warnings = r.text.split('\n').filter((l) => l.startsWith('::'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^::warning title=ping-pong\/pair%3A a run never settles::the run never settles: /);
    } finally {
      vi.unstubAllEnvs();
    }
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
      "npx hafault run --model ping-pong --preset pair --set react=send --step 'at 10s: host-crash h1'",
    );
    expect(result.oscillation.traceFile).toBe(join(out, 'traces', 'ping-pong.pair.react=send.noDualActive.json'));
    expect(JSON.parse(readFileSync(result.oscillation.traceFile, 'utf8')).config.react).toBe('send');
    const again = capture((w) => runPlan({ ...runFlagsOf(result.oscillation.reproduce), json: true, out }, w));
    expect(again.code).toBe(EXIT_OSCILLATION);
    expect(JSON.parse(again.text).runs[0].oscillation).toMatchObject({ at: 10_000, events: result.oscillation.events });
  });

  it('run: the table says where each setting stops; a setting that settles is judged as usual', () => {
    const r = capture((w) =>
      runPlan({ model: 'ping-pong', preset: 'pair', set: ['delayMs=1s,0'], step: ['at 10s: host-crash h1'], out }, w),
    );
    expect(r.code).toBe(EXIT_OSCILLATION);
    expect(r.text).toMatch(/delayMs=1s\s+0 \(0\)\s+—\s+none/);
    expect(r.text).toMatch(/delayMs=0\s+0 \(0\)\s+—\s+never settles \(t = 10 s\)/);
    expect(r.text).toMatch(new RegExp(`⟳ delayMs=0: ${STOPPED.source} \\(a model that oscillates\\)`));
  });

  it('run, one plan: its timeline up to the instant, then why no property is judged', () => {
    const r = capture((w) =>
      runPlan(
        { model: 'ping-pong', preset: 'pair', set: [], step: ['at 5s: nic-down h2.n0', 'at 10s: host-crash h1'], out },
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
      out,
    };
    const r = await captureAsync((w) => runSweepCommand(flags, [], w));
    expect(r.code).toBe(EXIT_OSCILLATION);
    expect(r.text).toMatch(
      new RegExp(
        `^hafault sweep stopped: ping-pong/pair at delayMs=0 ms, schedule #\\d+: the run never settles: 100001 events at this instant without time moving on; stopped at t = \\d+ s after 100001 events \\(a model that oscillates; no rate is reported\\)`,
      ),
    );
    expect(r.text).toMatch(
      /see it: npx hafault run --model ping-pong --preset pair --step 'at \d+s: host-crash h[12]'/,
    );
    const json = await captureAsync((w) => runSweepCommand({ ...flags, json: true }, [], w));
    expect(json.code).toBe(EXIT_OSCILLATION);
    const { oscillation } = JSON.parse(json.text);
    expect(oscillation).toMatchObject({ model: 'ping-pong', preset: 'pair', setting: { delayMs: 0 }, events: 100_001 });
    expect(oscillation.traceFile).toBe(join(out, 'traces', 'ping-pong.pair.sweep.never-settles.json'));
    expect(r.text).toContain(`schedule #${oscillation.scheduleIndex}:`);
    expect(oscillation.schedule.map((s: { fault: string }) => s.fault)).toContain('host-crash');
  });

  it('explore --junit: every property left without a verdict is an error; GitHub Actions gets one ::warning for the run', () => {
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    const junit = join(out, 'explore-junit.xml');
    const flags = {
      model: 'ping-pong',
      preset: 'pair',
      set: [],
      depth: '2',
      instants: 'coarse',
      property: [],
      out,
      junit,
    };
    try {
      const r = capture((w) =>
        runExplore(
          flags,
          w,
          () => {},
          () => {},
        ),
      );
      expect(r.code).toBe(EXIT_OSCILLATION);
      const root = parseXml(readFileSync(junit, 'utf8'));
      const cases = root.children[0].children;
      expect(cases.map((c) => c.attributes.name)).toEqual(pingPongModel.properties);
      expect(cases.map((c) => c.children[0]?.name)).toEqual(pingPongModel.properties.map(() => 'error'));
      expect(root.attributes).toMatchObject({ errors: String(pingPongModel.properties.length), failures: '0' });
      expect(cases[0].children[0].text).toMatch(/see it: npx hafault run --model ping-pong --preset pair --step/);
      expect(r.text.split('\n').filter((l) => l.startsWith('::'))).toHaveLength(1);
    } finally {
      vi.unstubAllEnvs();
    }
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
      /⟳ stopped: the run never settles: .* \(a model that oscillates\), on this schedule:\n\s+at \d+ s: host h[12] loses power\n\s+see it: npx hafault run --model ping-pong/,
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
    expect(json.results[0].oscillation.traceFile).toBe(
      join(out, 'traces', 'ping-pong.pair.explore.never-settles.json'),
    );
  });

  it('conform (a modelled run): one line naming the model, time and events', () => {
    let error: unknown;
    try {
      spofReport(presetTarget(pingPongModel, pingPongModel.presets[0], {}));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OscillationError);
    expect(oscillationLines('conform', error)).toEqual([
      expect.stringMatching(
        /^hafault conform: ping-pong: the run never settles: .*; stopped at t = [\d.]+ s after \d+ events \(a model that oscillates\)$/,
      ),
    ]);
    expect(oscillationLines('conform', new Error('other'))).toBeNull();
  });
});

/** The trace file path a command printed (`trace PATH; replay: …`). */
function printedTrace(text: string): string {
  const m = /trace (\S+); replay: npx hafault replay (\S+) --timeline/.exec(text);
  expect(m, text).not.toBeNull();
  expect(m![2]).toBe(m![1]);
  return m![1];
}

/** Replays a trace file in this process (the toy model is registered here): code and text, or JSON. */
function replayed(path: string, json = false) {
  const r = capture((w) => runReplay(path, json ? { json } : { timeline: true }, w));
  return { ...r, json: json ? JSON.parse(r.text) : null };
}

/** What every trace of a run that never settles records, and that its replay reproduces it (exit 5). */
function expectStoppedTrace(path: string, schedule: readonly { fault: string }[], json = false) {
  const file = JSON.parse(readFileSync(path, 'utf8'));
  expect(file).toMatchObject({ format: 'hafault-trace', model: { name: 'ping-pong' }, violations: [] });
  expect(file.oscillation).toMatchObject({ atMs: expect.any(Number), events: expect.any(Number) });
  expect(file.oscillation.reason).toMatch(/without time moving on|inside one another/);
  expect(file.schedule.map((s: { fault: string }) => s.fault)).toEqual(schedule.map((s) => s.fault));
  expect(file.timeline.at(-1).at).toBe(file.oscillation.atMs);
  const r = replayed(path);
  expect(r.code).toBe(EXIT_OSCILLATION);
  expect(r.text).toContain(
    `⟳ ping-pong: the run never settles: ${file.oscillation.reason}; stopped at t = ${file.oscillation.atMs / 1000} s after ${file.oscillation.events} events (a model that oscillates); no property is judged`,
  );
  expect(r.text).toContain('reproduced: it stops at the same instant, after the same events, with the same timeline');
  expect(r.text).toMatch(/timeline:\n[\s\S]*host h[12] loses power/);
  if (json) {
    const j = replayed(path, true);
    expect(j.code).toBe(EXIT_OSCILLATION);
    expect(j.json).toMatchObject({
      file: path,
      model: 'ping-pong',
      reproduced: true,
      oscillation: { at: file.oscillation.atMs, events: file.oscillation.events },
      recorded: { oscillation: { at: file.oscillation.atMs, events: file.oscillation.events } },
    });
  }
  return file;
}

describe('a run that never settles: its trace file is written, named, and `replay` reproduces it (exit 5)', () => {
  it('check: traces/ and html/ like a counterexample, linked from index.html', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hafault-oscillation-check-'));
    const r = capture((w) => runCheck({ ...checkFlags, out: dir }, w, () => {}));
    expect(r.code).toBe(EXIT_OSCILLATION);
    const path = printedTrace(r.text);
    expect(path).toBe(join(dir, 'traces', 'ping-pong.pair.noDualActive.json'));
    expect(readFileSync(join(dir, 'html', 'ping-pong.pair.noDualActive.html'), 'utf8')).toContain(
      'the run never settles',
    );
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('href="html/ping-pong.pair.noDualActive.html"');
    const file = expectStoppedTrace(path, [{ fault: 'host-crash' }], true);
    expect(file.search).toMatchObject({ seed: expect.any(Number), runs: 40 });
  });

  it('explore: traces/MODEL.PRESET.explore.never-settles.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hafault-oscillation-explore-'));
    const flags = {
      model: 'ping-pong',
      preset: 'pair',
      set: [],
      depth: '1',
      instants: 'coarse',
      property: [],
      out: dir,
    };
    const r = capture((w) =>
      runExplore(
        flags,
        w,
        () => {},
        () => {},
      ),
    );
    expect(r.code).toBe(EXIT_OSCILLATION);
    expect(printedTrace(r.text)).toBe(join(dir, 'traces', 'ping-pong.pair.explore.never-settles.json'));
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
    expect(json.results[0].oscillation.traceFile).toBe(printedTrace(r.text));
    expectStoppedTrace(printedTrace(r.text), [{ fault: 'host-crash' }]);
  });

  it('sweep: the run at the setting that never settles, under --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hafault-oscillation-sweep-'));
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
      out: dir,
    };
    const r = await captureAsync((w) => runSweepCommand(flags, [], w));
    expect(r.code).toBe(EXIT_OSCILLATION);
    const path = printedTrace(r.text);
    expect(path).toBe(join(dir, 'traces', 'ping-pong.pair.sweep.never-settles.json'));
    const file = expectStoppedTrace(path, [{ fault: 'host-crash' }]);
    expect(file.config).toMatchObject({ delayMs: 0 });
  });

  it("spof: a finding like sweep's (not a bare error line), with the failure and its trace", () => {
    const dir = mkdtempSync(join(tmpdir(), 'hafault-oscillation-spof-'));
    const warnings: string[] = [];
    const r = capture((w) =>
      runSpof({ model: 'ping-pong', preset: 'pair', set: [], property: [], out: dir }, w, (l) => warnings.push(l)),
    );
    expect(r.code).toBe(EXIT_OSCILLATION);
    expect(r.text).toMatch(
      /^hafault spof stopped: ping-pong\/pair: the run never settles: .* \(a model that oscillates; no single point of failure is reported\)\n {4}at \d+(\.\d+)? s: host h1 loses power\n/,
    );
    const path = printedTrace(r.text);
    expect(path).toBe(join(dir, 'traces', 'ping-pong.pair.spof.never-settles.json'));
    const json = capture((w) =>
      runSpof({ model: 'ping-pong', preset: 'pair', set: [], property: [], out: dir, json: true }, w, () => {}),
    );
    expect(JSON.parse(json.text).oscillation).toMatchObject({ model: 'ping-pong', preset: 'pair', traceFile: path });
    expectStoppedTrace(path, [{ fault: 'host-crash' }]);
  });

  it('run: each run that never settles, under --out, named by its setting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hafault-oscillation-run-'));
    const flags = {
      model: 'ping-pong',
      preset: 'pair',
      set: ['delayMs=1s,0'],
      step: ['at 10s: host-crash h1'],
      out: dir,
    };
    const r = capture((w) => runPlan(flags, w));
    expect(r.code).toBe(EXIT_OSCILLATION);
    const path = printedTrace(r.text);
    expect(path).toBe(join(dir, 'traces', 'ping-pong.pair.delayMs=0.run.never-settles.json'));
    const json = JSON.parse(capture((w) => runPlan({ ...flags, json: true }, w)).text);
    expect(json.runs[0].oscillation).toBeUndefined();
    expect(json.runs[1].oscillation.traceFile).toBe(path);
    const one = capture((w) => runPlan({ ...flags, set: [] }, w));
    expect(printedTrace(one.text)).toBe(join(dir, 'traces', 'ping-pong.pair.run.never-settles.json'));
    expectStoppedTrace(path, [{ fault: 'host-crash' }]);
  });

  it('replay of an edited stop: still exit 5, but NOT reproduced; a malformed stop is bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hafault-oscillation-edited-'));
    const target = presetTarget(pingPongModel, pingPongModel.presets[0], {});
    const file = stoppedTraceFile(target, [{ at: 10_000, fault: 'host-crash', target: 'h1' }], ['noDualActive'])!.file;
    const stop = file.oscillation!;
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify({ ...file, oscillation: { ...stop, events: 7 } }));
    const r = replayed(edited);
    expect(r.code).toBe(EXIT_OSCILLATION);
    expect(r.text).toContain(
      `NOT reproduced: the file records a stop at t = 10 s after 7 events; this run stopped at t = 10 s after ${stop.events} events`,
    );
    expect(replayed(edited, true).json).toMatchObject({ reproduced: false, recorded: { oscillation: { events: 7 } } });
    const settled = join(dir, 'settled.json');
    writeFileSync(settled, JSON.stringify({ ...file, oscillation: undefined }));
    const s = replayed(settled);
    expect(s.code).toBe(EXIT_OSCILLATION);
    expect(s.text).toContain('NOT reproduced: the file records a run that settles');
    const broken = join(dir, 'broken.json');
    const brokenText = JSON.stringify({ ...file, oscillation: { ...stop, atMs: 'soon' } });
    writeFileSync(broken, brokenText);
    // One line of JSON: the problem is at the column where `"atMs":"soon"` is written.
    const col = brokenText.indexOf('"atMs":"soon"') + 1;
    expect(col).toBeGreaterThan(1);
    expect(() => runReplay(broken, {}, () => {})).toThrow(
      `${broken}:1:${col}: oscillation.atMs: expected milliseconds`,
    );
  });
});
