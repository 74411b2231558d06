// A model is one folder: the STONITH pair lives only here (not in models/registry.ts, not named by
// any engine, property, runner or model file), yet the public runners judge it like a built-in
// model — its own property included, with its own verdicts — and its peer fences go through fence
// devices that can fail. If the boundary closes again (a runner that judges only built-in
// properties, a fence that ignores its device), these tests fail.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FaultStep } from '../../../harness/engine/faults/index.js';
import type { Preset } from '../../../harness/engine/model.js';
import { presetTarget } from '../../../harness/engine/target.js';
import { parseTraceFile, serializeTrace, TraceFileError } from '../../../harness/engine/traceFile.js';
import { explore } from '../../../harness/runners/explore/explore.js';
import { makeTraceFile, replayTrace } from '../../../harness/runners/replay.js';
import { searchProperty } from '../../../harness/runners/search.js';
import { spofReport } from '../../../harness/runners/spof.js';
import { SEED, simulate } from '../../../harness/runners/testing.js';
import { findModel } from '../../../models/registry.js';
import { propertyProblems } from '../../../properties/index.js';
import { stonithPair } from './index.js';

const preset = (name: string): Preset => stonithPair.presets.find((p) => p.name === name)!;
const pair = (settings: Record<string, string> = {}) => presetTarget(stonithPair, preset('pair'), settings);
const search = (t: ReturnType<typeof pair>, property: string) =>
  searchProperty(t, property, { runs: 60, seed: SEED, maxFaults: 1 });
const at = (seconds: number, fault: FaultStep['fault'], target: string): FaultStep => ({
  at: seconds * 1000,
  fault,
  target,
});

describe('a model in one folder', () => {
  it('is registered nowhere and named by no source file outside its folder', () => {
    expect(findModel('stonith-pair')).toBeUndefined();
    const root = resolve(import.meta.dirname, '../../..');
    const sources = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const naming = ['harness', 'properties', 'models', 'reports']
      .flatMap(sources)
      .filter((f) => /stonith-?pair/i.test(readFileSync(join(root, f), 'utf8')));
    expect(naming).toEqual([]);
  });

  it('declares its properties without a mistake', () => {
    expect(propertyProblems(stonithPair)).toEqual([]);
  });
});

describe('its own property, through the public runners', () => {
  it('search (`check`) judges it: holds with STONITH, violated and shrunk to one fault without', () => {
    const safe = search(pair(), 'noTakeoverWhileRunning');
    expect(safe).toMatchObject({ property: 'noTakeoverWhileRunning', status: 'holds' });
    const unsafe = search(pair({ stonithEnabled: 'false' }), 'noTakeoverWhileRunning');
    expect(unsafe.status).toBe('violated');
    expect(unsafe.counterexample!.schedule).toHaveLength(1);
    expect(unsafe.counterexample!.verdict.explanation).toMatch(/^n\d took app over at .* while it still ran on n\d$/);
  });

  it('a trace file records it and replays against the model handed to replay', () => {
    const t = pair({ stonithEnabled: 'false' });
    const ce = search(t, 'noTakeoverWhileRunning').counterexample!;
    const file = parseTraceFile(
      serializeTrace(
        makeTraceFile({
          model: t.model,
          preset: 'pair',
          topology: t.topology,
          config: t.config,
          search: null,
          properties: ['noTakeoverWhileRunning'],
          schedule: ce.schedule,
          run: ce.run,
        }),
      ),
    );
    expect(file.violations.map((v) => v.property)).toEqual(['noTakeoverWhileRunning']);
    expect(file.topology.fenceDevices?.map((d) => d.id)).toEqual(['bmc-n1', 'bmc-n2']);
    const replay = replayTrace(file, stonithPair);
    expect([replay.sameViolations, replay.sameTimeline]).toEqual([true, true]);
    expect(() => replayTrace(file)).toThrow(TraceFileError);
  });

  it('explore finds the shortest violation of it', () => {
    const r = explore(pair({ stonithEnabled: 'false' }), { depth: 1, properties: ['noTakeoverWhileRunning'] });
    expect(r.violations.map((v) => v.property)).toEqual(['noTakeoverWhileRunning']);
  });

  it('spof judges it as the safety property it declares, and fails each fence device', () => {
    const r = spofReport(pair({ stonithEnabled: 'false' }));
    expect(r.kinds.noTakeoverWhileRunning).toBe('safety');
    const nic = r.entries.find((e) => e.component === 'n1.eth0')!;
    expect(nic.findings).toContainEqual(
      expect.objectContaining({ property: 'noTakeoverWhileRunning', kind: 'safety' }),
    );
    expect(
      r.entries
        .filter((e) => e.kind === 'fence device')
        .map((e) => e.component)
        .sort(),
    ).toEqual(['bmc-n1', 'bmc-n2']);
  });
});

describe('fencing through its BMCs', () => {
  it('a crashed node is fenced through its BMC, then the survivor takes over', () => {
    const o = simulate(pair(), [at(10, 'host-crash', 'n1')]);
    expect(o.run.entries.filter((e) => e.type === 'fence')).toEqual([
      expect.objectContaining({ at: 15_000, host: 'n1', by: 'n2', device: 'bmc-n1' }),
    ]);
    expect(o.run.entries).toContainEqual({
      at: 15_000,
      type: 'service',
      service: 'app',
      host: 'n2',
      state: 'running',
      cause: 'takeover',
    });
    expect(o.verdicts.serviceRestoredWithin.status).toBe('holds');
  });

  it('with its BMC down the crashed node is never fenced, so the service stays down: safe, not available (the rule of SCENARIOS PM-6, no recovery without a confirmed fence, after a crash instead of a link cut)', () => {
    const o = simulate(pair(), [at(10, 'fence-device-down', 'bmc-n1'), at(20, 'host-crash', 'n1')]);
    expect(o.fences).toEqual([]);
    expect(o.run.entries).not.toContainEqual(
      expect.objectContaining({ type: 'service', host: 'n2', state: 'running' }),
    );
    expect(o.verdicts.serviceRestoredWithin.status).toBe('violated');
    expect(o.verdicts.noDualActive.status).toBe('holds');
  });

  it('a partition makes the two nodes shoot each other; a fence delay lets the one with the service win (SCENARIOS PM-1, PM-2)', () => {
    const race = search(pair(), 'noPoolWideFence');
    expect(race.status).toBe('violated');
    expect(race.counterexample!.schedule.map((s) => s.fault)).toEqual(['partition']);
    expect(search(presetTarget(stonithPair, preset('pair-delayed')), 'noPoolWideFence').status).toBe('holds');
  });
});
