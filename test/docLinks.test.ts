// Every relative link in README.md, CHANGELOG.md and docs/**/*.md points to a file that exists,
// and every #anchor to a heading of its file, as GitHub renders them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchors, brokenLinks, links, slug } from './markdownLinks.js';

const root = join(import.meta.dirname, '..');

function markdownUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return markdownUnder(path);
    return e.name.endsWith('.md') ? [path] : [];
  });
}

const read = (path: string): string | null =>
  existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : null;

describe('documentation links', () => {
  const files = ['README.md', 'CHANGELOG.md', ...markdownUnder('docs')].filter((f) => existsSync(join(root, f))).sort();

  it('finds the pages and their links', () => {
    // Guards against a walk that silently checks nothing.
    expect(files).toContain('README.md');
    expect(files).toContain('docs/design.md');
    expect(files.filter((f) => f.startsWith('docs/models/')).length).toBeGreaterThanOrEqual(8);
    expect(files.flatMap((f) => links(read(f)!)).length).toBeGreaterThan(30);
  });

  it('every relative link and #anchor points to an existing file and heading', () => {
    expect(brokenLinks(files, read, (p) => existsSync(join(root, p)))).toEqual([]);
  });

  it('slugs and the checker behave as GitHub does (known anchors, a broken link caught)', () => {
    expect(slug('SteelEye / SIOS LifeKeeper (`models/lifekeeper`)')).toBe('steeleye--sios-lifekeeper-modelslifekeeper');
    expect(slug('`hafault spof`: single points of failure')).toBe('hafault-spof-single-points-of-failure');
    expect(slug('Replication and lost writes — for model authors')).toBe(
      'replication-and-lost-writes--for-model-authors',
    );
    expect([...anchors('# A\n\n## A\n\n```\n# not a heading\n```\n## B_c 2\n')]).toEqual(['a', 'a-1', 'b_c-2']);
    const pages: Record<string, string> = {
      'README.md':
        '[ok](docs/a.md#two) [gone](docs/b.md) [bad anchor](docs/a.md#three) `[code](nowhere.md)` [web](https://example.com)',
      'docs/a.md':
        '# One\n\n## Two\n\n[up](../README.md) [self](#one) [out](../../x.md)\n\n```\n[fenced](missing.md)\n```\n',
    };
    const problems = brokenLinks(
      Object.keys(pages),
      (p) => pages[p] ?? null,
      (p) => p in pages || p === 'docs',
    );
    expect(problems).toEqual([
      'README.md:1: docs/b.md: no file docs/b.md',
      'README.md:1: docs/a.md#three: docs/a.md has no heading #three',
      'docs/a.md:5: ../../x.md: leaves the repository',
    ]);
  });
});
