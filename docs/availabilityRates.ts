// Writes the default-rates table of docs/availability.md from DEFAULT_RATES, so the page can never
// disagree with what `hafault availability` uses. Only the marked block is rewritten (by `npm run
// docs`); test/docsAvailability.test.ts fails when the block is not what this would write now.
import { join } from 'node:path';
import { COMPONENT_KINDS } from '../harness/runners/availability/components.js';
import { meanRepairMs } from '../harness/runners/availability/repair.js';
import type { RatesTable, RepairDistribution } from '../harness/runners/availability/types.js';

export const RATES_BEGIN = '<!-- rates:begin -->';
export const RATES_END = '<!-- rates:end -->';
export const AVAILABILITY_PAGE = join(import.meta.dirname, 'availability.md');

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A duration as an engineer reads it: 30 s, 15 min, 2.5 h, 30 d (three significant figures at most). */
export function humanMs(ms: number): string {
  const [size, unit] =
    ms >= DAY_MS ? [DAY_MS, 'd'] : ms >= HOUR_MS ? [HOUR_MS, 'h'] : ms >= MINUTE_MS ? [MINUTE_MS, 'min'] : [1000, 's'];
  return `${Number((ms / size).toPrecision(3))} ${unit}`;
}

export function repairText(d: RepairDistribution): string {
  if (d.shape === 'fixed') return d.ms === 0 ? 'none (instantaneous, or the world heals it)' : `fixed ${humanMs(d.ms)}`;
  if (d.shape === 'exponential') return `exponential, mean ${humanMs(d.meanMs)}`;
  return `lognormal, median ${humanMs(d.medianMs)}, σ ${d.sigma}`;
}

const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

/** The table rows, one per kind, then the operator's restore time. */
export function ratesTable(rates: RatesTable): string[] {
  const row = (name: string, perYear: string, d: RepairDistribution, source: string, unverified?: boolean) =>
    `| ${name} | ${perYear} | ${cell(repairText(d))} | ${humanMs(meanRepairMs(d))} | ${unverified ? '**unverified**' : 'published'} | ${cell(source)} |`;
  return [
    '| Kind | Failures per year | Repair time | Mean repair | Figure | Source |',
    '| --- | --- | --- | --- | --- | --- |',
    ...COMPONENT_KINDS.map((k) => {
      const r = rates.kinds[k];
      return row(`\`${k}\``, String(r.perYear), r.repair, r.source, r.unverified);
    }),
    row(
      'operator restore',
      '(once per episode that leaves a service down)',
      rates.operatorRestore,
      rates.operatorRestore.source,
      rates.operatorRestore.unverified,
    ),
  ];
}

/** The page with its rates block replaced; throws unless the page has exactly one block. */
export function withRatesBlock(page: string, rates: RatesTable): string {
  const begin = page.indexOf(RATES_BEGIN);
  const end = page.indexOf(RATES_END);
  if (begin < 0 || end < begin || page.indexOf(RATES_BEGIN, begin + 1) >= 0 || page.indexOf(RATES_END, end + 1) >= 0)
    throw new Error(`docs/availability.md needs exactly one ${RATES_BEGIN} … ${RATES_END} block`);
  const block = [RATES_BEGIN, ...ratesTable(rates), RATES_END].join('\n');
  return page.slice(0, begin) + block + page.slice(end + RATES_END.length);
}
