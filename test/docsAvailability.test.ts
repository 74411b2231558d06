// docs/availability.md against the code: its default-rates table is what `npm run docs` would write
// from DEFAULT_RATES now, and each row states the kind's rate, mean repair and verified/unverified mark.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AVAILABILITY_PAGE,
  humanMs,
  RATES_BEGIN,
  RATES_END,
  repairText,
  withRatesBlock,
} from '../docs/availabilityRates.js';
import { COMPONENT_KINDS } from '../harness/runners/availability/components.js';
import { DEFAULT_RATES } from '../harness/runners/availability/rates.js';

const page = readFileSync(AVAILABILITY_PAGE, 'utf8');

/** The table's rows as cells, by their first cell. */
function rows(): Map<string, string[]> {
  const block = page.slice(page.indexOf(RATES_BEGIN), page.indexOf(RATES_END));
  const out = new Map<string, string[]>();
  for (const line of block.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))) {
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());
    out.set(cells[0], cells);
  }
  return out;
}

describe('docs/availability.md', () => {
  it('has the rates table npm run docs writes from DEFAULT_RATES', () => {
    expect(page).toBe(withRatesBlock(page, DEFAULT_RATES));
  });

  it('states every kind’s rate, repair and mark as the code has them', () => {
    const table = rows();
    for (const k of COMPONENT_KINDS) {
      const r = DEFAULT_RATES.kinds[k];
      const cells = table.get(`\`${k}\``)!;
      expect(cells, k).toBeDefined();
      expect(Number(cells[1])).toBe(r.perYear);
      expect(cells[2]).toBe(repairText(r.repair));
      expect(cells[4]).toBe(r.unverified ? '**unverified**' : 'published');
      // A published figure cites DOMAIN.md; an unverified one says so in its source.
      expect(cells[5]).toMatch(r.unverified ? /unverified/ : /^DOMAIN\.md/);
    }
    expect(table.get('operator restore')![4]).toBe('**unverified**');
  });

  it('writes durations the way an engineer reads them', () => {
    expect(humanMs(30_000)).toBe('30 s');
    expect(humanMs(15 * 60_000)).toBe('15 min');
    expect(humanMs(9_000_000)).toBe('2.5 h');
    expect(humanMs(30 * 86_400_000)).toBe('30 d');
    expect(repairText({ shape: 'exponential', meanMs: 7_200_000 })).toBe('exponential, mean 2 h');
  });

  it('refuses a page without exactly one block', () => {
    expect(() => withRatesBlock('no block here', DEFAULT_RATES)).toThrow(/exactly one/);
    expect(() => withRatesBlock(`${RATES_BEGIN}${RATES_END}${RATES_BEGIN}${RATES_END}`, DEFAULT_RATES)).toThrow();
  });
});
