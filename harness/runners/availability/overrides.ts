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

/** The table with the overrides applied in order and, when given, the common-cause factor replaced. */
export function withOverrides(
  table: RatesTable,
  overrides: readonly RateOverride[],
  commonCauseBeta: number | null,
): RatesTable {
  const kinds: Record<ComponentKind, KindRate> = { ...table.kinds };
  const components: Record<string, Partial<KindRate>> = { ...table.components };
  for (const o of overrides) {
    if (isComponentKind(o.target)) kinds[o.target] = { ...kinds[o.target], perYear: o.perYear };
    else components[o.target] = { ...components[o.target], perYear: o.perYear };
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
    const pair = `--rate ${o.target}=${o.perYear}`;
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
