// The checks a user's model passes on load are the ones the built-in models pass: every built-in model
// is clean under them, and each kind of mistake is named, one line each, at its field.
import { describe, expect, it } from 'vitest';
import type { Model } from '../../engine/model.js';
import { MODELS, findModel } from '../../../models/registry.js';
import { modelProblems } from './problems.js';

const keepalived = findModel('keepalived')!;
const variant = (change: Partial<Model>): Model => ({ ...keepalived, name: 'my-vrrp', ...change });

describe('modelProblems', () => {
  it('finds nothing wrong with any built-in model', () => {
    expect(MODELS.flatMap(modelProblems)).toEqual([]);
  });

  it('names a judged property nothing defines, a fault kind that does not exist and a name that reads as a path', () => {
    expect(modelProblems(variant({ properties: [...keepalived.properties, 'noSuchProperty'] }))).toEqual([
      expect.stringMatching(/^my-vrrp: properties: `noSuchProperty` is neither a built-in property/),
    ]);
    expect(modelProblems(variant({ faults: ['host-crash', 'meteor' as never] }))).toEqual([
      'my-vrrp: faults: `meteor` is not a fault kind (see `hafault models`)',
    ]);
    expect(modelProblems(variant({ name: 'vrrp.ts' }))[0]).toMatch(/^vrrp\.ts: name: `vrrp\.ts` is not a model name/);
  });

  it("names a preset whose settings do not fit the model's keys, and a preset the model cannot instantiate", () => {
    const preset = keepalived.presets[0];
    const bad = modelProblems(variant({ presets: [{ ...preset, config: { noSuchKey: 1 } }] }));
    expect(bad).toEqual([
      expect.stringMatching(/^my-vrrp: presets\[0\] \([^)]+\): noSuchKey: not a setting of my-vrrp/),
    ]);
    const refusing = variant({
      instantiate: () => {
        throw new Error('needs two routers\nmore');
      },
    });
    expect(modelProblems(refusing)).toEqual(
      keepalived.presets.map(
        (p, i) => `my-vrrp: presets[${i}] (${p.name}): the model cannot instantiate it: needs two routers`,
      ),
    );
  });

  it('names a key declared twice and a preset name used twice', () => {
    const twice = modelProblems(variant({ keys: [...keepalived.keys, keepalived.keys[0]] }));
    expect(twice).toEqual([
      `my-vrrp: keys[${keepalived.keys.length}]: \`${keepalived.keys[0].key}\` is declared twice`,
    ]);
    const presets = modelProblems(variant({ presets: [keepalived.presets[0], keepalived.presets[0]] }));
    expect(presets).toEqual([`my-vrrp: presets[1] (${keepalived.presets[0].name}): the name is used twice`]);
  });
});
