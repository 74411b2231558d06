// Target selection shared by the commands: one rule for `--topology` beside `--model`/`--preset`, one
// for naming a preset (with a suggestion), one for the single-target commands (sweep, run).
import { describe, expect, it } from 'vitest';
import { pickOneTarget, pickPreset, refuseModelBesideTopology, selectTargets, UsageError } from './common.js';
import { findModel } from '../../models/registry.js';

const SWEEP = { model: 'the model to sweep', preset: 'a sweep runs one preset' };

function problems(f: () => unknown): readonly string[] {
  try {
    f();
  } catch (error) {
    if (error instanceof UsageError) return error.problems;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('target selection', () => {
  it('--topology beside --model or --preset: names exactly the flags to drop', () => {
    expect(problems(() => refuseModelBesideTopology({ topology: 'f.yaml', preset: 'two-host', set: [] }))).toEqual([
      '--topology: the file names its model; drop --preset',
    ]);
    expect(
      problems(() =>
        refuseModelBesideTopology({ topology: 'f.yaml', model: 'xenserver-ha', preset: 'two-host', set: [] }),
      ),
    ).toEqual(['--topology: the file names its model; drop --model and --preset']);
    expect(() => refuseModelBesideTopology({ topology: 'f.yaml', set: [] })).not.toThrow();
  });

  it('an unknown preset lists the presets and suggests the nearest, for every command alike', () => {
    const xen = findModel('xenserver-ha')!;
    const [line] = problems(() => pickPreset(xen, 'two-hosts'));
    expect(line).toMatch(
      /^--preset: xenserver-ha has no preset `two-hosts`.*two-host.*\(presets: two-host, single-switch/,
    );
    expect(problems(() => selectTargets('xenserver-ha', 'two-hosts', []))).toEqual([line]);
    expect(problems(() => pickOneTarget({ model: 'xenserver-ha', preset: 'two-hosts', set: [] }, SWEEP))).toEqual([
      line,
    ]);
  });

  it('a single-target command: the model is required, a lone preset is taken, several must be named', () => {
    expect(problems(() => pickOneTarget({ set: [] }, SWEEP))).toEqual([
      '--model: name the model to sweep (see `hafault models`), or give --topology FILE',
    ]);
    const lone = pickOneTarget({ model: 'keepalived', set: [] }, SWEEP);
    expect([lone.model.name, lone.preset.name]).toEqual(['keepalived', 'two-routers']);
    expect(problems(() => pickOneTarget({ model: 'xenserver-ha', set: [] }, SWEEP))).toEqual([
      '--preset: a sweep runs one preset; name it (presets of xenserver-ha: two-host, single-switch, bonded, bonded-mirrored-san, bonded-capacity)',
    ]);
    expect(pickOneTarget({ model: 'xenserver-ha', preset: 'bonded', set: [] }, SWEEP).preset.name).toBe('bonded');
  });
});
