import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RATES_SCHEMA_FILE, ratesSchemaText } from '../../../schema/generate.js';
import { InputFileError } from '../../engine/inputText.js';
import { compileTopology } from '../../engine/compile.js';
import { findModel } from '../../../models/registry.js';
import { COMPONENT_KINDS, failureModel } from './components.js';
import { DEFAULT_RATES } from './rates.js';
import { loadRatesFile, parseRatesText, rateDurationMs, unknownComponentProblems } from './ratesFile.js';
import { buildRatesSchema } from './ratesSchema.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'rates', 'field-rates.yaml');
const H = 3_600_000;

/** The lines a bad file gives (it must be refused). */
function problemsOf(text: string, file = 'bad.yaml'): string[] {
  try {
    parseRatesText(text, file);
  } catch (error) {
    if (error instanceof InputFileError) return [...error.lines];
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('rates file', () => {
  it('examples/rates/field-rates.yaml loads and merges over the defaults', () => {
    const r = loadRatesFile(EXAMPLE);
    expect(r.file).toBe(EXAMPLE);
    expect(r.kinds.host).toMatchObject({
      perYear: 0.5,
      repair: { shape: 'lognormal', medianMs: 10 * 60_000, sigma: 1.5 },
    });
    expect(r.kinds.host.source).toMatch(/Dean/);
    expect(r.kinds.host.unverified).toBeUndefined();
    // Only perYear written: the default repair stays; its source is the file's.
    expect(r.kinds['storage-power-cycle']).toMatchObject({
      perYear: 0.092,
      repair: { shape: 'fixed', ms: 0 },
      unverified: true,
    });
    expect(r.kinds['operator-step'].repair).toEqual({ shape: 'lognormal', medianMs: 45 * 24 * H, sigma: 0.7 });
    expect(r.kinds['operator-step'].source).toBe(`${EXAMPLE} (no source given)`);
    // Kinds the file does not name are the defaults.
    expect(r.kinds.switch).toBe(DEFAULT_RATES.kinds.switch);
    expect(r.components).toEqual({
      sw1: {
        perYear: 0.1,
        repair: { shape: 'exponential', meanMs: 4 * H },
        source: 'site history: sw1 failed twice in 20 switch-years',
      },
    });
    expect(r.commonCause).toEqual({ beta: 0.1, kinds: ['switch', 'bond-member'] });
    expect(r.operatorRestore).toMatchObject({ shape: 'lognormal', medianMs: 45 * 60_000, sigma: 1, unverified: true });
  });

  it('an empty mapping is the defaults, from the file', () => {
    const r = parseRatesText('{}', 'empty.json');
    expect({ ...r, file: null }).toEqual(DEFAULT_RATES);
    expect(r.file).toBe('empty.json');
  });

  it('reads JSON too, and durations in ms or with units', () => {
    const r = parseRatesText('{"kinds": {"switch": {"repair": {"shape": "fixed", "ms": 90000}}}}', 'r.json');
    expect(r.kinds.switch.repair).toEqual({ shape: 'fixed', ms: 90_000 });
    expect(rateDurationMs('90s')).toBe(90_000);
    expect(rateDurationMs('2h')).toBe(2 * H);
    expect(rateDurationMs('30d')).toBe(30 * 24 * H);
    expect(rateDurationMs('1.5d')).toBe(36 * H);
    expect(rateDurationMs('soon')).toBeNull();
    expect(rateDurationMs(-1)).toBeNull();
  });

  it('refuses an unknown kind, naming the file, the line and the field', () => {
    expect(problemsOf('kinds:\n  hots:\n    perYear: 1\n')).toEqual([
      'bad.yaml:3:5: kinds.hots: unknown field `hots`; did you mean `host`? (expected one of: ' +
        COMPONENT_KINDS.join(', ') +
        ')',
    ]);
  });

  it('refuses a negative rate and a beta above 1', () => {
    expect(problemsOf('kinds:\n  switch:\n    perYear: -0.1\ncommonCause:\n  beta: 2\n')).toEqual([
      'bad.yaml:3:14: kinds.switch.perYear: expected at least 0, found -0.1',
      'bad.yaml:5:9: commonCause.beta: expected at most 1, found 2',
    ]);
  });

  it('refuses a lognormal without sigma, and a field of another shape', () => {
    expect(
      problemsOf('kinds:\n  host:\n    repair:\n      shape: lognormal\n      medianMs: 2h\n      meanMs: 3h\n'),
    ).toEqual([
      'bad.yaml:4:7: kinds.host.repair.sigma: missing; a lognormal repair needs medianMs and sigma',
      'bad.yaml:6:15: kinds.host.repair.meanMs: not a field of a lognormal repair; expected medianMs and sigma',
    ]);
  });

  it('refuses a duration finer than a millisecond and a lognormal of median 0', () => {
    expect(
      problemsOf(
        'operatorRestore: { shape: lognormal, medianMs: 0, sigma: 1 }\nkinds:\n  link:\n    repair: { shape: fixed, ms: 0.0001s }\n',
      ),
    ).toEqual([
      'bad.yaml:1:48: operatorRestore.medianMs: expected a median above 0 (a lognormal is never 0)',
      'bad.yaml:4:33: kinds.link.repair.ms: expected a duration (e.g. 7200000, 90s, 2h, 30d), found `0.0001s`',
    ]);
  });

  it('refuses a bad duration, an unknown field and an unknown common-cause kind', () => {
    expect(
      problemsOf(
        'components:\n  sw1:\n    repair: { shape: exponential, meanMs: soon }\n    rate: 3\ncommonCause:\n  beta: 0.1\n  kinds: [swich]\n',
      ),
    ).toEqual([
      'bad.yaml:3:43: components.sw1.repair.meanMs: expected a duration (e.g. 120000, 120s, 2m, 1500ms), found `soon`',
      'bad.yaml:4:11: components.sw1.rate: unknown field `rate` (expected one of: perYear, repair, source, unverified)',
      'bad.yaml:7:11: commonCause.kinds[0]: expected one of ' +
        COMPONENT_KINDS.join(', ') +
        ', found `swich`; did you mean `switch`?',
    ]);
  });

  it('refuses a file that is not a mapping, or not there, with one line', () => {
    expect(problemsOf('- 1\n')).toHaveLength(1);
    expect(problemsOf('- 1\n')[0]).toMatch(/^bad\.yaml:1:1: expected a mapping with kinds/);
    const dir = mkdtempSync(join(tmpdir(), 'rates-'));
    expect(() => loadRatesFile(join(dir, 'none.yaml'))).toThrow(/none\.yaml: cannot read \(ENOENT\)/);
    writeFileSync(join(dir, 'ok.yaml'), 'kinds: { link: { perYear: 0 } }\n');
    expect(loadRatesFile(join(dir, 'ok.yaml')).kinds.link.perYear).toBe(0);
  });

  it('names overrides of components the design does not have', () => {
    const m = findModel('xenserver-ha')!;
    const fm = failureModel(m, compileTopology(m.presets.find((p) => p.name === 'bonded')!.topology), DEFAULT_RATES);
    const rates = parseRatesText('components:\n  sw3: { perYear: 1 }\n  sw2: { perYear: 1 }\n', 'r.yaml');
    const lines = unknownComponentProblems(rates, fm);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^r\.yaml: components\.sw3: no component `sw3` in this design; did you mean `sw[12]`\?/);
  });
});

describe('rates schema', () => {
  it('schema/rates.schema.json is up to date (regenerate: npm run schema)', () => {
    expect(readFileSync(RATES_SCHEMA_FILE, 'utf8')).toBe(ratesSchemaText());
  });

  it('offers every component kind, in kinds and in commonCause.kinds', () => {
    type Obj = { properties: Record<string, Obj>; items?: { enum: string[] } };
    const s = buildRatesSchema() as unknown as Obj;
    expect(Object.keys(s.properties.kinds.properties)).toEqual(COMPONENT_KINDS);
    expect(s.properties.commonCause.properties.kinds.items!.enum).toEqual(COMPONENT_KINDS);
  });
});
