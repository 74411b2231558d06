// Mutations of a file's bytes, after the structure was mutated and written out: cut it at a random
// byte (possibly inside a UTF-8 sequence), splice odd characters in, add a YAML alias bomb, or make one
// node an alias of another. A file that holds JSON stays JSON (aliases are YAML's), so a trace file is
// cut and spliced but never aliased.
import fc from 'fast-check';
import { Document, isCollection, isScalar, stringify } from 'yaml';
import { ODD_CHARS, shown } from './hostile.js';
import { formatPath, pathsOf, type Json, type Path } from './mutate.js';

export type TextMutation =
  | { readonly kind: 'none' }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'aliasBomb'; readonly levels: number }
  | { readonly kind: 'alias'; readonly from: number; readonly to: number };

const at = fc.nat({ max: 1_000_000 });

/** Most files are only mutated in structure; some are also cut, spliced or aliased. */
export function textMutation(yaml: boolean): fc.Arbitrary<TextMutation> {
  const kinds: fc.WeightedArbitrary<TextMutation>[] = [
    { arbitrary: fc.constant({ kind: 'none' as const }), weight: 6 },
    { arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }), weight: 1 },
    {
      arbitrary: fc.record({ kind: fc.constant('insert' as const), at, text: fc.constantFrom(...ODD_CHARS) }),
      weight: 1,
    },
  ];
  if (yaml) {
    kinds.push({
      arbitrary: fc.record({ kind: fc.constant('aliasBomb' as const), levels: fc.integer({ min: 6, max: 9 }) }),
      weight: 1,
    });
    kinds.push({ arbitrary: fc.record({ kind: fc.constant('alias' as const), from: at, to: at }), weight: 1 });
  }
  return fc.oneof(...kinds);
}

/**
 * A YAML "billion laughs": level k lists level k-1 nine times, so the last level stands for 9^levels
 * strings; any loader without a limit on aliases expands it. Appended as a last top-level key.
 */
export function aliasBomb(levels: number): string {
  const lines = ['x-bomb:', '  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let k = 1; k <= levels; k++)
    lines.push(
      `  l${k}: &l${k} [${Array(9)
        .fill(`*l${k - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n') + '\n';
}

/** The document as YAML with node `to` an alias of node `from` (which comes first in document order). */
function withAlias(doc: Json, from: number, to: number): { text: string; label: string } | null {
  const paths = pathsOf(doc);
  if (paths.length < 2) return null;
  const a = paths[from % paths.length];
  const b = paths[to % paths.length];
  const [first, second] = paths.indexOf(a) < paths.indexOf(b) ? [a, b] : [b, a];
  const inside = (x: Path, y: Path) => x.length <= y.length && x.every((s, i) => s === y[i]);
  if (inside(first, second) || inside(second, first)) return null;
  const yamlDoc = new Document(doc);
  const node: unknown = yamlDoc.getIn(first, true);
  if (!isScalar(node) && !isCollection(node)) return null;
  yamlDoc.setIn(second, yamlDoc.createAlias(node, 'fz'));
  return { text: yamlDoc.toString(), label: `${formatPath(second)} = *alias of ${formatPath(first)}` };
}

/** The file's bytes and what the text mutation did ('' when nothing). */
export function render(doc: Json, yaml: boolean, m: TextMutation): { bytes: Buffer; label: string } {
  const plain = yaml ? stringify(doc, { lineWidth: 0 }) : JSON.stringify(doc, null, 1);
  switch (m.kind) {
    case 'none':
      return { bytes: Buffer.from(plain), label: '' };
    case 'truncate': {
      const bytes = Buffer.from(plain);
      const cut = m.at % Math.max(1, bytes.length);
      return { bytes: bytes.subarray(0, cut), label: `cut at byte ${cut} of ${bytes.length}` };
    }
    case 'insert': {
      const i = m.at % (plain.length + 1);
      return {
        bytes: Buffer.from(plain.slice(0, i) + m.text + plain.slice(i)),
        label: `insert ${shown(m.text)} at char ${i}`,
      };
    }
    case 'aliasBomb':
      return { bytes: Buffer.from(plain + aliasBomb(m.levels)), label: `alias bomb of 9^${m.levels} strings` };
    case 'alias': {
      const aliased = withAlias(doc, m.from, m.to);
      return aliased
        ? { bytes: Buffer.from(aliased.text), label: aliased.label }
        : { bytes: Buffer.from(plain), label: '' };
    }
  }
}
