// The one `--set` grammar: which form a pair is, what each command refuses, and the problems a user
// can make (each one line naming the key). The CLI's own tests (harness/cli/setFlags.cli.test.ts)
// check that every command uses it.
import { describe, expect, it } from 'vitest';
import { puppetModel } from '../../test/models/puppet.js';
import { ConfigError } from './config.js';
import type { ConfigKey } from './model.js';
import { fixedTexts, parseSets, readSets, textKeysOf, type SetGrammar } from './setFlags.js';

const keys: readonly ConfigKey[] = [
  {
    key: 'timeoutMs',
    type: 'ms',
    default: 30_000,
    describe: '',
    source: 'test',
    min: 10_000,
    max: 600_000,
    rangeSource: 'test',
  },
  { key: 'tries', type: 'number', default: 1, describe: '', source: 'test', min: 0, max: 9, rangeSource: 'test' },
  { key: 'profile', type: 'enum', values: ['a', 'b'], default: 'a', describe: '', source: 'test' },
  { key: 'preempt', type: 'boolean', default: true, describe: '', source: 'test' },
  { key: 'pingTargets', type: 'string', default: 'gw', describe: '', source: 'test' },
];
const model = puppetModel({ keys });
const isText = textKeysOf([model]);
const FIXED: SetGrammar = { forms: ['value'], elsewhere: { list: 'run and sweep take', range: 'sweep takes' } };
const LISTS: SetGrammar = { forms: ['value', 'list'], elsewhere: { range: 'sweep takes' } };
const ALL: SetGrammar = { forms: ['value', 'list', 'range'] };

function problems(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('no problem found');
}

describe('readSets: the forms', () => {
  it('tells a value, a list and a range apart, in the order given', () => {
    expect(readSets(['profile=b', 'timeoutMs=30s, 60s', 'tries=1..3'], ALL, isText)).toEqual([
      { key: 'profile', form: 'value', texts: ['b'] },
      { key: 'timeoutMs', form: 'list', texts: ['30s', '60s'] },
      { key: 'tries', form: 'range', texts: ['1', '3'] },
    ]);
  });

  it('a free-text setting takes its whole text, commas and dots included, in every command', () => {
    for (const grammar of [FIXED, LISTS, ALL])
      expect(readSets(['pingTargets=h3,h4..x'], grammar, isText)).toEqual([
        { key: 'pingTargets', form: 'value', texts: ['h3,h4..x'] },
      ]);
    expect(fixedTexts(readSets(['pingTargets=h3,h4', 'timeoutMs=90s'], FIXED, isText))).toEqual({
      pingTargets: 'h3,h4',
      timeoutMs: '90s',
    });
  });
});

describe('readSets: bad input, one line each', () => {
  it('a key given twice, whatever the command (the line says how to give several values where lists are taken)', () => {
    expect(problems(() => readSets(['timeoutMs=30s', 'timeoutMs=60s'], FIXED, isText))).toEqual([
      'timeoutMs: set twice; give it once',
    ]);
    expect(problems(() => readSets(['timeoutMs=30s', 'timeoutMs=30s'], LISTS, isText))).toEqual([
      'timeoutMs: set twice; give every value in one --set timeoutMs=v1,v2,…',
    ]);
    expect(problems(() => readSets(['timeoutMs=30s,60s', 'timeoutMs=90s'], ALL, isText))).toEqual([
      'timeoutMs: set twice; give every value in one --set timeoutMs=v1,v2,…',
    ]);
    expect(problems(() => readSets(['pingTargets=a', 'pingTargets=b'], ALL, isText))).toEqual([
      'pingTargets: set twice; give it once',
    ]);
  });

  it('a form the command does not take names the forms it takes and who takes the other', () => {
    expect(problems(() => readSets(['timeoutMs=30s,60s', 'tries=1..3'], FIXED, isText))).toEqual([
      '--set timeoutMs=30s,60s: a list of values, but this command takes key=value only (run and sweep take key=v1,v2,…)',
      '--set tries=1..3: a range, but this command takes key=value only (sweep takes key=low..high)',
    ]);
    expect(problems(() => readSets(['tries=1..3'], LISTS, isText))).toEqual([
      '--set tries=1..3: a range, but this command takes key=value or key=v1,v2,… only (sweep takes key=low..high)',
    ]);
  });

  it('a pair without a key or an =, an empty value, an empty list item', () => {
    expect(problems(() => readSets(['timeoutMs', '=5'], ALL, isText))).toEqual([
      '--set timeoutMs: expected key=value, key=v1,v2,… or key=low..high',
      '--set =5: expected key=value, key=v1,v2,… or key=low..high',
    ]);
    expect(problems(() => readSets(['timeoutMs'], FIXED, isText))).toEqual(['--set timeoutMs: expected key=value']);
    expect(problems(() => readSets(['timeoutMs='], FIXED, isText))).toEqual(['--set timeoutMs=: expected a value']);
    expect(problems(() => readSets(['timeoutMs=30s,,60s'], LISTS, isText))).toEqual([
      'timeoutMs: an empty value in the list',
    ]);
  });
});

describe("parseSets: against the model's keys", () => {
  const parse = (pairs: string[]) => parseSets(model, readSets(pairs, ALL, isText));

  it('parses each value once, keeping the order given and the text as written', () => {
    expect(parse(['timeoutMs=90s,30s', 'preempt=false', 'tries=2..4', 'profile=b'])).toEqual([
      { key: 'timeoutMs', form: 'list', values: [90_000, 30_000], texts: ['90s', '30s'] },
      { key: 'preempt', form: 'value', value: false, text: 'false' },
      { key: 'tries', form: 'range', range: { key: 'tries', low: 2, high: 4, step: 1 } },
      { key: 'profile', form: 'value', value: 'b', text: 'b' },
    ]);
    expect(parse(['timeoutMs=30s..60s'])).toEqual([
      { key: 'timeoutMs', form: 'range', range: { key: 'timeoutMs', low: 30_000, high: 60_000, step: 1000 } },
    ]);
    expect(parse(['timeoutMs=30500ms..60s'])).toEqual([
      { key: 'timeoutMs', form: 'range', range: { key: 'timeoutMs', low: 30_500, high: 60_000, step: 1 } },
    ]);
  });

  it('a value listed twice, as written or once parsed (30s and 30000 are the same)', () => {
    expect(problems(() => parse(['timeoutMs=30s,30s']))).toEqual(['timeoutMs: 30 s is listed twice']);
    expect(problems(() => parse(['timeoutMs=30s,60s,30000']))).toEqual(['timeoutMs: 30 s is listed twice']);
    expect(problems(() => parse(['profile=a,b,a']))).toEqual(['profile: a is listed twice']);
  });

  it('an unknown key, a value out of range, a range over an enum, an empty range: one line each, in order', () => {
    expect(problems(() => parse(['timout=30s', 'tries=10', 'profile=a..b', 'timeoutMs=60s..30s']))).toEqual([
      'timout: not a setting of toy (see `hafault models`)',
      'tries: expected a whole number from 0 to 9 (test), found `10`',
      'profile: a range needs a duration or number setting (profile is enum)',
      'timeoutMs: range 60s..30s is empty (low > high)',
    ]);
  });
});
