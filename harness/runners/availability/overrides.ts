// `--rate KIND|ID=PER_YEAR` and `--common-cause β` on top of a rates table (the built-in one or a
// file): a kind's rate, or one component's (which wins over its kind's, as in a rates file). A name
// that is neither a kind nor a component of the design is bad input, said so with the names it could be.
import { didYouMean } from '../../engine/didYouMean.js';
import { COMPONENT_KINDS } from './components.js';
import type { RateOverride } from './plan.js';
import type { ComponentKind, FailureModel, KindRate, RatesTable } from './types.js';

export function isComponentKind(name: string): name is ComponentKind {
  return (COMPONENT_KINDS as readonly string[]).includes(name);
}

/** `--rate host=0.5`: how an override was written, the source of the figure it sets. */
export const overrideText = (o: RateOverride): string => `--rate ${o.target}=${o.perYear}`;

/** The table with the overrides applied in order and, when given, the common-cause factor replaced. */
export function withOverrides(
  table: RatesTable,
  overrides: readonly RateOverride[],
  commonCauseBeta: number | null,
): RatesTable {
  const kinds: Record<ComponentKind, KindRate> = { ...table.kinds };
  const components: Record<string, Partial<KindRate>> = { ...table.components };
  for (const o of overrides) {
    // As in a rates file: a figure changed without a source is no longer the table's (its source and
    // verification no longer apply), and the output says where it came from.
    const source = `${overrideText(o)} (no source given)`;
    if (isComponentKind(o.target)) {
      const { unverified: _dropped, ...rest } = kinds[o.target];
      kinds[o.target] = { ...rest, perYear: o.perYear, source };
    } else components[o.target] = { ...components[o.target], perYear: o.perYear, source };
  }
  const commonCause =
    commonCauseBeta === null
      ? table.commonCause
      : commonCauseBeta === 0
        ? null
        : { ...(table.commonCause ?? {}), beta: commonCauseBeta };
  return { ...table, kinds, components, commonCause };
}

/**
 * One line per override that names neither a component kind nor a component of `fm`, or a kind
 * `fm` has no component of (it would change nothing, silently).
 */
export function overrideProblems(overrides: readonly RateOverride[], fm: FailureModel): string[] {
  const ids = fm.components.map((c) => c.id);
  const kinds = COMPONENT_KINDS.filter((k) => fm.components.some((c) => c.kind === k));
  const names = [...COMPONENT_KINDS, ...ids];
  const shown = ids.length <= 8 ? ids.join(', ') : `${ids.slice(0, 8).join(', ')}, … (${ids.length} in all)`;
  return overrides.flatMap((o) => {
    const pair = overrideText(o);
    if (isComponentKind(o.target))
      return kinds.includes(o.target)
        ? []
        : [`${pair}: this design has no component of kind \`${o.target}\` (its kinds: ${kinds.join(', ')})`];
    if (ids.includes(o.target)) return [];
    return [
      `${pair}: \`${o.target}\` is neither a component kind nor a component of this design${didYouMean(o.target, names)} (kinds: ${COMPONENT_KINDS.join(', ')}; components: ${shown})`,
    ];
  });
}
