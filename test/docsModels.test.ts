// The model pages in docs/models/ against the models: one page per registered model, each with the
// reference block that `npm run docs` would write now (so a changed setting, default, range, source or
// preset fails here until the pages are regenerated), and the generator leaving the prose alone.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BEGIN, END, pagePath, withReference } from '../docs/generate.js';
import { MODELS, findModel } from '../models/registry.js';

const modelsDir = join(import.meta.dirname, '..', 'docs', 'models');

/** The rows of the page's settings table, by setting name: its cells, as written in the file. */
function settingsRows(page: string): Map<string, string[]> {
  const block = page.slice(page.indexOf(BEGIN), page.indexOf(END));
  const table = block.slice(block.indexOf('### Settings'));
  const rows = new Map<string, string[]>();
  for (const line of table.split('\n')) {
    const m = /^\| `([^`]+)` \|/.exec(line);
    if (m)
      rows.set(
        m[1],
        line
          .split(/(?<!\\)\|/)
          .slice(1, -1)
          .map((c) => c.trim()),
      );
  }
  return rows;
}

describe('docs/models', () => {
  it("every page is a registered model's, and every model has a page", () => {
    // `<model>-lab.md` pages describe a real-daemon lab beside a model's page, not a model.
    const pages = readdirSync(modelsDir)
      .filter((f) => f.endsWith('.md') && !f.endsWith('-lab.md'))
      .map((f) => basename(f, '.md'))
      .sort();
    expect(pages).toEqual(MODELS.map((m) => m.name).sort());
  });

  for (const model of MODELS) {
    it(`${model.name}: the reference block is what \`npm run docs\` writes now`, () => {
      const page = readFileSync(pagePath(model), 'utf8');
      expect(page, `docs/models/${model.name}.md is stale: run npm run docs`).toBe(withReference(page, model));
    });

    it(`${model.name}: one settings row per key, flagged unverified exactly when the key is`, () => {
      const rows = settingsRows(readFileSync(pagePath(model), 'utf8'));
      expect([...rows.keys()]).toEqual(model.keys.map((k) => k.key));
      for (const k of model.keys) expect(rows.get(k.key)!.at(-1), k.key).toBe(k.unverified ? 'yes' : '');
    });
  }

  it('a default that follows a profile is shown for each profile; a range with its source', () => {
    // Written by hand from models/xenserver-ha/config.ts, models/sanmelody/config.ts and
    // models/keepalived/config.ts, not from the generator.
    const xs = settingsRows(readFileSync(pagePath(findModel('xenserver-ha')!), 'utf8'));
    expect(xs.get('timeoutMs')![3]).toBe(
      '60 s (profile `xha`), 30 s (profile `seed-2009`); follows `defaultHaTimeoutMs`',
    );
    expect(xs.get('hardFailoverMs')![3]).toBe('120 s (profile `xha`), 100 s (profile `seed-2009`)');
    expect(xs.get('profile')![4]).toBe('one of `xha`, `seed-2009`');
    const ka = settingsRows(readFileSync(pagePath(findModel('keepalived')!), 'utf8'));
    expect(ka.get('priority1')![3]).toBe('150');
    expect(ka.get('priority1')![4]).toMatch(/^from 1 to 254 \(keepalived/);
    expect(ka.get('advertIntMs')![3]).toBe('1 s');
  });

  it('the generator rewrites the block and nothing else, and refuses a page without exactly one block', () => {
    const model = findModel('keepalived')!;
    const page = `# Title\n\nprose before\n\n${BEGIN}\nstale table\n${END}\n\nprose after\n`;
    const out = withReference(page, model);
    expect(out.startsWith('# Title\n\nprose before\n\n<!-- reference:begin -->\n')).toBe(true);
    expect(out.endsWith('<!-- reference:end -->\n\nprose after\n')).toBe(true);
    expect(out).not.toContain('stale table');
    expect(out).toContain('| `advertIntMs` |');
    expect(() => withReference('# Title\n\nno block\n', model)).toThrow(/exactly one/);
    expect(() => withReference(`${BEGIN}\n${END}\n${BEGIN}\n${END}\n`, model)).toThrow(/exactly one/);
  });
});
