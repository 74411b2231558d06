// Text from an input file, made safe to print: a file's strings may hold terminal escapes (ANSI
// colour or cursor codes), other C0/C1 controls, or bidirectional overrides that reorder what a
// reader sees. Printed, each such character is written as a visible `\u{…}` escape instead, so no
// file can drive the terminal or disguise a line.

/** C0 and C1 controls (tab kept), DEL, and the bidirectional marks, embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

const escape = (c: string) => `\\u{${c.codePointAt(0)!.toString(16)}}`;

/** `text` with every control or bidi character shown as `\u{…}`. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** JSON text whose strings carry no raw C1 or bidi characters (JSON.stringify escapes only C0): the same value. */
export function printableJson(json: string): string {
  return json.replace(UNSAFE, (c) => (c === '\n' ? c : `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`));
}
