// The cheapest valid command line of each command on a target, so a fuzz case costs tens of
// milliseconds: check with 1–3 runs of one fault, explore at depth 1 under a small state budget, sweep
// of two settings × 2 runs on this thread, run of one `wait` step. `{in}` and `{out}` stand for the
// case's input and output folders (runCase.ts fills them in), so every path is absolute.
import fc from 'fast-check';
import type { Model, NumericKey } from '../../harness/engine/model.js';
import { presetTarget } from '../../harness/engine/target.js';

export const IN = '{in}';
export const OUT = '{out}';

export const TARGET_COMMANDS = ['check', 'explore', 'spof', 'sweep', 'run'] as const;
export type TargetCommand = (typeof TARGET_COMMANDS)[number];

/** A duration setting of the model swept at two values near its default (`timeoutMs=30000,60000`). */
export function sweepSet(model: Model): string {
  const config = presetTarget(model, model.presets[0]).config;
  const key = model.keys.find((k): k is NumericKey => k.type === 'ms' && typeof config[k.key] === 'number');
  if (!key) throw new Error(`${model.name}: no duration setting to sweep`);
  const value = config[key.key] as number;
  const other = value * 2 <= key.max ? value * 2 : Math.max(key.min, Math.floor(value / 2));
  return `${key.key}=${value},${other === value ? value + 1 : other}`;
}

const json = fc.boolean().map((b) => (b ? ['--json'] : []));

/** The command's tail after its target flags: cheap, valid, with or without --json and output files. */
export function tinyTail(command: TargetCommand, model: Model): fc.Arbitrary<string[]> {
  switch (command) {
    case 'check':
      return fc
        .tuple(fc.integer({ min: 1, max: 3 }), json)
        .map(([runs, j]) => ['--runs', String(runs), '--max-faults', '1', '--out', OUT, ...j]);
    case 'explore':
      return json.map((j) => ['--depth', '1', '--max-states', '40', '--out', OUT, ...j]);
    case 'spof':
      return fc.tuple(json, fc.boolean()).map(([j, out]) => [...j, ...(out ? ['--out', OUT] : [])]);
    case 'sweep':
      return fc
        .tuple(json, fc.boolean())
        .map(([j, out]) => [
          '--set',
          sweepSet(model),
          '--runs',
          '2',
          '--threads',
          '1',
          '--quiet',
          ...j,
          ...(out ? ['--out', OUT] : []),
        ]);
    case 'run':
      return fc
        .tuple(json, fc.boolean())
        .map(([j, html]) => [
          '--step',
          'wait until healthy within 1m',
          ...j,
          ...(html ? ['--html', `${OUT}/run.html`] : []),
        ]);
  }
}
