// Every preset of every registered model ships as a topology file that loads to exactly the preset:
// same topology, same compiled tables, same settings, same fault mix. A preset without its file
// fails here (write it with `npx tsx examples/generate.ts`).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { examplePath, exampleText } from '../../../examples/generate.js';
import { MODELS } from '../../../models/registry.js';
import { presetTarget } from '../../engine/target.js';
import { loadTopologyTarget } from './target.js';

const strip = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('examples/: one file per preset, loading to the preset', () => {
  for (const model of MODELS) {
    for (const preset of model.presets) {
      const path = examplePath(model, preset);
      it(`${model.name}/${preset.name}`, () => {
        expect(existsSync(path), `${path} is missing: run npx tsx examples/generate.ts`).toBe(true);
        const fromFile = loadTopologyTarget(path);
        const fromPreset = presetTarget(model, preset);
        expect(fromFile.model).toBe(model);
        expect(strip(fromFile.topology)).toEqual(strip(fromPreset.topology));
        const { source: a, ...compiledFile } = fromFile.compiled;
        const { source: b, ...compiledPreset } = fromPreset.compiled;
        expect(strip(a)).toEqual(strip(b));
        expect(strip(compiledFile)).toEqual(strip(compiledPreset));
        expect(fromFile.config).toEqual(fromPreset.config);
        expect([...fromFile.faults]).toEqual([...fromPreset.faults]);
        expect(fromFile.warnings).toEqual([]);
      });
      it(`${model.name}/${preset.name}: the file is what the generator writes (no hand edits drift)`, () => {
        expect(readFileSync(path, 'utf8')).toBe(exampleText(model, preset));
      });
    }
  }

  it("a file's settings and --set overrides reach the config, --set winning", () => {
    const t = loadTopologyTarget(examplePath(MODELS[0], MODELS[0].presets[0]), { timeoutMs: '90s' });
    expect(t.config.timeoutMs).toBe(90_000);
  });

  it('the environment ranges are parsed and exposed (for sweep)', () => {
    const xen = MODELS.find((m) => m.name === 'xenserver-ha')!;
    const t = loadTopologyTarget(
      examplePath(
        xen,
        xen.presets.find((p) => p.name === 'bonded-mirrored-san')!,
      ),
    );
    expect(t.environment).toEqual({ hardFailoverMs: { key: 'hardFailoverMs', min: 90_000, max: 135_000 } });
  });
});
