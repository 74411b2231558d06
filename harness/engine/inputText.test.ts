// The one loader's limits, each met by the hostile file it exists for: one line per problem with
// its place in the file, never a stack trace, never a hang.
import { describe, expect, it } from 'vitest';
import {
  decodeInput,
  firstInvalidUtf8,
  INPUT_LIMITS,
  InputFileError,
  parseJsonInput,
  parseYamlInput,
  type TopLevel,
} from './inputText.js';
import { scanJson } from './jsonScan.js';

const MAPPING: TopLevel = { kinds: ['mapping'], expected: 'a mapping' };
const EITHER: TopLevel = { kinds: ['mapping', 'list'], expected: 'a list or a mapping' };

function linesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    return [...(error as InputFileError).lines];
  }
  throw new Error('expected an InputFileError');
}

/** Ten levels of nine-fold aliases: 9^10 strings once expanded. */
function aliasBomb(): string {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 10; i++) {
    const [n, p] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
    lines.push(`${n}: &${n} [${Array(9).fill(`*${p}`).join(',')}]`);
  }
  return lines.join('\n') + '\nsteps: *j\n';
}

describe('parseYamlInput', () => {
  it('reads YAML and JSON to data, with the document to place later problems', () => {
    const { data, doc, lines } = parseYamlInput('a: 1\nb: [x, y]\n', 'f.yaml', MAPPING);
    expect(data).toEqual({ a: 1, b: ['x', 'y'] });
    expect(lines.linePos(doc.contents!.range![0]).line).toBe(1);
    expect(parseYamlInput('{"a": [1, 2]}', 'f.json', MAPPING).data).toEqual({ a: [1, 2] });
    expect(parseYamlInput('\uFEFFa: 1\n', 'bom.yaml', MAPPING).data).toEqual({ a: 1 });
  });

  it('refuses an alias bomb quickly, naming the limit', () => {
    const started = performance.now();
    expect(linesOf(() => parseYamlInput(aliasBomb(), 'bomb.yaml', EITHER))).toEqual([
      expect.stringMatching(/^bomb\.yaml: its aliases .* past the limit \(maxAliasCount 100\)/),
    ]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses a key written twice, with its line and column', () => {
    expect(linesOf(() => parseYamlInput('a: 1\nb: 2\na: 3\n', 'd.yaml', MAPPING))).toEqual([
      'd.yaml:3:1: key `a` appears twice in this mapping; expected each key once',
    ]);
    expect(linesOf(() => parseYamlInput('{"a": 1, "a": 2}', 'd.json', MAPPING))[0]).toMatch(/^d\.json:1:10: key `"a"`/);
  });

  it('refuses nesting past the limit, and nesting deep enough to exhaust the stack, in one line', () => {
    const deep = (n: number) => 'a: ' + '['.repeat(n) + ']'.repeat(n);
    expect(linesOf(() => parseYamlInput(deep(INPUT_LIMITS.maxDepth + 1), 'n.yaml', MAPPING))).toEqual([
      expect.stringMatching(/^n\.yaml:1:\d+: nested deeper than 64 levels$/),
    ]);
    expect(parseYamlInput(deep(INPUT_LIMITS.maxDepth - 1), 'n.yaml', MAPPING).data).toBeTruthy();
    const lines = linesOf(() => parseYamlInput(deep(100_000), 'n.yaml', MAPPING));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^n\.yaml(:\d+:\d+)?: nested too deeply to read/);
  });

  it('refuses the wrong top level, an empty file, NUL bytes and oversized text', () => {
    expect(linesOf(() => parseYamlInput('- a\n', 'l.yaml', MAPPING))).toEqual([
      'l.yaml:1:1: expected a mapping at the top level, found a list',
    ]);
    expect(linesOf(() => parseYamlInput('42\n', 's.yaml', EITHER))[0]).toMatch(/found a number \("42"\)$/);
    expect(linesOf(() => parseYamlInput('.\r', 'r.yaml', EITHER))[0]).toMatch(/found a string \("\.\\r"\)$/);
    expect(linesOf(() => parseYamlInput(' \n', 'e.yaml', MAPPING))[0]).toMatch(/^e\.yaml:1:1: .*found an empty file$/);
    expect(linesOf(() => parseYamlInput('# only a comment\n', 'c.yaml', MAPPING))[0]).toMatch(/found an empty value$/);
    expect(linesOf(() => parseYamlInput('a: 1\nb: x\u0000\n', 'z.yaml', MAPPING))).toEqual([
      'z.yaml:2:5: binary data (a NUL byte); expected a YAML or JSON text file',
    ]);
    const small = { ...INPUT_LIMITS, maxYamlBytes: 10 };
    expect(linesOf(() => parseYamlInput('a: 123456789\n', 'big.yaml', MAPPING, small))[0]).toMatch(
      /^big\.yaml: more than 10 bytes .*expected at most 10 bytes, the limit for a YAML file \(JSON read as YAML too\)$/,
    );
  });

  it('refuses tags that make non-JSON values, keys that are collections, and aliases to nothing', () => {
    expect(linesOf(() => parseYamlInput('a: !!binary aGVsbG8=\nb: !!set {x}\n', 't.yaml', MAPPING))).toEqual([
      't.yaml:1:13: tag `!!binary` is not supported; expected plain YAML values',
      't.yaml:2:10: tag `!!set` is not supported; expected plain YAML values',
    ]);
    expect(linesOf(() => parseYamlInput('? [a]\n: 1\n', 'k.yaml', MAPPING))[0]).toMatch(
      /^k\.yaml:1:3: a key that is a list/,
    );
    expect(linesOf(() => parseYamlInput('a: *nowhere\n', 'u.yaml', MAPPING))).toEqual([
      'u.yaml:1:4: alias `*nowhere` names no anchor `&nowhere` before it',
    ]);
    expect(parseYamlInput('a: &x [1]\nb: *x\nc: !!str 5\n', 'ok.yaml', MAPPING).data).toEqual({
      a: [1],
      b: [1],
      c: '5',
    });
  });

  it('reports every syntax problem with its place, and says which document when there are several', () => {
    expect(linesOf(() => parseYamlInput('a: 1\n---\nb: 2\n', 'm.yaml', MAPPING))).toEqual([
      'm.yaml:2:1: several YAML documents (`---`); expected one',
    ]);
    expect(linesOf(() => parseYamlInput('a:\n\t- b\n', 'tab.yaml', MAPPING))[0]).toMatch(
      /^tab\.yaml:2:1: not valid YAML or JSON: Tabs are not allowed/,
    );
  });
});

describe('parseJsonInput', () => {
  it('reads JSON, refusing what JSON.parse would accept silently or place nowhere', () => {
    expect(parseJsonInput('{"a": [1, 2.5e3, "x\\u0041"], "b": null}', 'f.json', MAPPING)).toEqual({
      a: [1, 2500, 'xA'],
      b: null,
    });
    expect(linesOf(() => parseJsonInput('{\n "a": 1,\n "\\u0061": 2}', 'd.json', MAPPING))).toEqual([
      'd.json:3:2: not JSON: key "\\u0061" appears twice in this object; expected each key once',
    ]);
    expect(linesOf(() => parseJsonInput('{"a": 1,\n "b": }', 's.json', MAPPING))).toEqual([
      's.json:2:7: not JSON: expected a value, found `}`',
    ]);
    expect(linesOf(() => parseJsonInput('[1, 2]', 'l.json', MAPPING))).toEqual([
      'l.json:1:1: expected a mapping at the top level, found a list',
    ]);
    const deep = '{"a":' + '['.repeat(200_000) + ']'.repeat(200_000) + '}';
    expect(linesOf(() => parseJsonInput(deep, 'n.json', MAPPING))).toEqual([
      'n.json:1:69: not JSON: nested deeper than 64 levels',
    ]);
  });

  it('scanJson agrees with JSON.parse on what is JSON', () => {
    const good = ['0', '-1.5e-3', '"a\\"b"', '[]', '{}', '[1,[2,{"a":[]}]]', ' {"a" : true , "b":false,"c":null} '];
    const bad = [
      '',
      '01',
      '1.',
      '.5',
      '+1',
      "'a'",
      '[1,]',
      '{"a":1,}',
      '{a:1}',
      '"\\x"',
      '"a',
      '[1 2]',
      'tru',
      '{} {}',
      '"\t"',
    ];
    for (const t of good) expect([t, scanJson(t, 64)]).toEqual([t, null]);
    for (const t of bad) {
      expect(() => JSON.parse(t)).toThrow();
      expect([t, scanJson(t, 64)]).toEqual([t, expect.objectContaining({ message: expect.any(String) })]);
    }
  });
});

describe('decodeInput', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  it('takes UTF-8 (dropping its byte-order mark) and refuses anything else with the place', () => {
    expect(decodeInput(new TextEncoder().encode('\uFEFFa: é\n'), 'f.yaml', 'yaml')).toBe('a: é\n');
    expect(linesOf(() => decodeInput(bytes(0x61, 0x0a, 0x62, 0xff), 'x.yaml', 'yaml'))).toEqual([
      'x.yaml:2:2: not UTF-8 text (byte 0xff); expected a UTF-8 text file',
    ]);
    expect(linesOf(() => decodeInput(bytes(0xff, 0xfe, 0x61, 0), 'w.yaml', 'yaml'))[0]).toMatch(/UTF-16 text/);
    expect(linesOf(() => decodeInput(bytes(1, 2, 3), 'big', 'json', { ...INPUT_LIMITS, maxJsonBytes: 2 }))[0]).toMatch(
      /^big: more than 2 bytes; expected at most 2 bytes, the limit for a JSON file$/,
    );
  });

  it('firstInvalidUtf8 refuses overlong forms, surrogates, code points past U+10FFFF and cut sequences', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('aé€😀'))).toBe(-1);
    for (const b of [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xe2, 0x82],
      [0x80],
    ])
      expect([b, firstInvalidUtf8(bytes(0x61, ...b))]).toEqual([b, 1]);
  });
});
