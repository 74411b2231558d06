// What a component id may contain. Ids are written into fault targets (`partition h1|h2,h3`,
// `link-down h1.mgmt0`) and printed on a terminal, so an id may not hold the target grammar's
// separators (`|`, `,`), whitespace, control characters (C0, DEL, C1) or bidirectional controls
// (which reorder what a terminal shows). `.` and `#` stay allowed: NIC ids are `host.nic` and storage
// path ids `host-node#2`. The JSON Schema (topology files, trace topologies) and compile.ts (every
// topology, built-in presets too) share this one rule.

/** The characters an id may not contain, as a regular-expression class. */
const FORBIDDEN_CLASS = '|,\\s\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
const FORBIDDEN = new RegExp(`[${FORBIDDEN_CLASS}]`, 'u');
const FORBIDDEN_ALL = new RegExp(`[${FORBIDDEN_CLASS}]`, 'gu');

/** The JSON Schema `pattern` of an id (emptiness is `minLength`'s). */
export const ID_PATTERN = `^[^${FORBIDDEN_CLASS}]*$`;

const RULE = 'ids may not contain | , spaces or control characters';

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text with every forbidden character but `|` and `,` shown as `\u{…}`, safe to print. */
export function printableId(text: string): string {
  return text.replace(FORBIDDEN_ALL, (ch) =>
    ch === '|' || ch === ',' || ch === ' ' ? ch : `\\u{${ch.codePointAt(0)!.toString(16)}}`,
  );
}

/** Why an id cannot be used, or null when it can. */
export function idProblem(id: string): string | null {
  if (id === '') return `expected a non-empty id; ${RULE}`;
  const m = FORBIDDEN.exec(id);
  if (m === null) return null;
  const ch = m[0];
  const what =
    ch === '|' || ch === ','
      ? `\`${ch}\``
      : ch === ' '
        ? 'a space'
        : /\s/u.test(ch) && ch.charCodeAt(0) > 0x20 && ch.charCodeAt(0) !== 0x85
          ? `a space (${codePoint(ch)})`
          : /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(ch)
            ? `a bidirectional control (${codePoint(ch)})`
            : `a control character (${codePoint(ch)})`;
  const shown = printableId(id.length > 60 ? `${id.slice(0, 57)}...` : id);
  return `\`${shown}\` contains ${what}; ${RULE}`;
}
