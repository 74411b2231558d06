// The values a hostile user (or a broken generator) puts where hafault expects a sane one: numbers at
// and past the edges of what JavaScript holds, number-like text, and strings that break naive text
// handling (direction marks, NUL, lone surrogates, combining marks, very long). Shared by every input
// kind of the fuzzer, as scalars inside a file and as the text of a flag.
import fc from 'fast-check';

/** Numbers a JSON or YAML file can hold that no setting, count or time accepts as-is. */
export const HOSTILE_NUMBERS: readonly number[] = [
  1e308,
  -1e308,
  -0,
  -1,
  1.5,
  2 ** 53 + 1,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  4.9e-324,
];

/** Text that looks like a number (or almost) but none of which is a count, a seed or a duration. */
export const NUMBERISH_TEXTS: readonly string[] = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '9007199254740993',
  '-1',
  '1.5',
  '',
  ' ',
  '٣',
  '１',
  '1_000',
  '0b',
  '+-1',
];

const LONG = 'x'.repeat(100_000);

/** Odd Unicode and control characters, each alone (to be spliced into text) and in a word. */
export const ODD_CHARS: readonly string[] = [
  '\u200f', // right-to-left mark
  '\u202e', // right-to-left override
  '\u0000',
  '\ud800', // a lone high surrogate
  '\udfff', // a lone low surrogate
  'e\u0301', // e + combining acute
  '\u0301\u0301\u0301',
  '\ufeff', // byte-order mark
  '\u2028', // line separator
  '\r',
  '\t',
  '😀',
];

/** Strings that name nothing hafault knows, whatever the field. */
export const ODD_STRINGS: readonly string[] = [
  ...ODD_CHARS.map((c) => `h${c}1`),
  LONG,
  `${LONG}\u0000`,
  '../../etc/passwd',
  '${HOME}',
  '%s%n',
  '<script>alert(1)</script>',
  '- [a, b]',
  '*alias',
  '&anchor x',
  'a: b',
  '# comment',
  'null',
  'true',
  '~',
];

/** A scalar no field of a topology, plan or trace accepts where a name (an id, a kind) is expected. */
export const hostileName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.constantFrom(...NUMBERISH_TEXTS.filter((t) => t.trim() !== '')),
);

/** Any hostile scalar: a number past the edges, number-like text or odd text. */
export const hostileScalar: fc.Arbitrary<string | number> = fc.oneof(
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(...NUMBERISH_TEXTS),
  fc.constantFrom(...ODD_STRINGS),
);

/** Printable text of the hostile kinds, short enough to name in a failure (long ones are abbreviated). */
export function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(Object.is(value, -0) ? '-0' : value);
  return text.length > 60 ? `${text.slice(0, 40)}…(${text.length} chars)` : text;
}
