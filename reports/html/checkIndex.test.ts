// check's index.html as a user opens it: at a 1400 px wide window the verdict table fits (its last
// column is not cut off), a preset where every property holds is named clean, every finding links to
// its page URL-encoded, and the page loads without a console message (its CSP kept). The table is
// every built-in model's presets × their properties, the widest index check writes today.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { MODELS } from '../../models/registry.js';
import { checkIndexPage, rowVerdict, type IndexRow } from './checkIndex.js';
import { ensureChromium, measureTable, openHeadless } from './headless.js';

const dir = mkdtempSync(join(tmpdir(), 'hafault-index-'));

/** Every model's presets with its properties; one finding in five, with a repair in its schedule; the first preset clean. */
const rows: IndexRow[] = MODELS.flatMap((m) =>
  m.presets.map((p, i) => ({
    target: `${m.name}/${p.name}`,
    cells: m.properties.map((property, j) => {
      const bad = i > 0 && (i + j) % 5 === 0;
      return bad
        ? {
            property,
            status: 'violated' as const,
            page: `html/${m.name}.${p.name}.${property}.html`,
            explanation: 'a host fenced though it could run',
            size: '1 fault + 1 repair',
          }
        : { property, status: 'holds' as const };
    }),
  })),
);

function browser(ctx: TestContext): string {
  const found = ensureChromium();
  if (!('path' in found)) ctx.skip();
  return found.path;
}

describe("check's index page", () => {
  it('at 1400 px the last column ends inside the table card and the window: nothing cut off, nothing to scroll', (ctx) => {
    const chrome = browser(ctx);
    const html = checkIndexPage(rows, 'seed 1, 100 runs per property, up to 2 faults per schedule');
    const layout = measureTable(chrome, html, 1400);
    expect(layout.viewportWidth).toBe(1400);
    expect(layout.lastColumnRight).toBeLessThanOrEqual(layout.containerRight);
    expect(layout.lastColumnRight).toBeLessThanOrEqual(layout.viewportWidth);
    expect(layout.containerScrollWidth).toBeLessThanOrEqual(layout.containerClientWidth);
    expect(layout.pageScrollWidth).toBeLessThanOrEqual(1400);
    const path = join(dir, 'index.html');
    writeFileSync(path, html);
    expect(openHeadless(chrome, path, 1400, 1000).console).toEqual([]);
  });

  it('negative control: a table wider than the card is measured as overflowing it', (ctx) => {
    const chrome = browser(ctx);
    const wide = checkIndexPage(
      [
        {
          target: 'x/y',
          cells: Array.from({ length: 30 }, (_, i) => ({ property: `property${i}`, status: 'holds' }) as const),
        },
      ],
      's',
    );
    const layout = measureTable(chrome, wide, 1400);
    expect(layout.lastColumnRight).toBeGreaterThan(layout.containerRight);
    // …and scrolls inside its card, not the page.
    expect(layout.containerScrollWidth).toBeGreaterThan(layout.containerClientWidth);
    expect(layout.pageScrollWidth).toBeLessThanOrEqual(1400);
  });

  it('a preset where every property holds is named clean, in its row and in the headline', () => {
    const html = checkIndexPage(rows, 's');
    const clean = rows.filter((r) => r.cells.every((c) => c.status === 'holds'));
    expect(clean.length).toBeGreaterThan(0);
    for (const r of clean) {
      expect(html).toContain(
        `<tr data-verdict="clean"><td>${r.target}</td><td class="good">clean: all ${r.cells.length} hold</td>`,
      );
    }
    const headline = html.slice(html.indexOf('id="verdict"'), html.indexOf('</div>', html.indexOf('id="verdict"')));
    expect(headline).toContain(`Clean (every property holds): ${clean.map((r) => r.target).join(', ')}.`);
    const dirty = rows.find((r) => r.cells.some((c) => c.status === 'violated'))!;
    expect(rowVerdict(dirty)).toEqual({
      text: `${dirty.cells.filter((c) => c.status === 'violated').length} violated`,
      clean: false,
    });
    expect(html).toContain('violated</a> (1 fault + 1 repair)');
  });

  it('links are URL-encoded: a preset named with # and % still reaches its page', () => {
    const html = checkIndexPage(
      [
        {
          target: 'm/a#b 50%',
          cells: [
            { property: 'p', status: 'violated', page: 'html/m.a#b 50%.p.html', explanation: 'e', size: '1 fault' },
          ],
        },
      ],
      's',
    );
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(['html/m.a%23b%2050%25.p.html', 'html/m.a%23b%2050%25.p.html']);
    expect(html).toContain('No preset is clean.');
  });
});
