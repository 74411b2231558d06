// The house's layers, checked: every import of a source file points down (or sideways within its own
// layer), nothing but the CLI imports the CLI, and no set of files imports itself round in a cycle.
// Tests, fixtures and the test folder may import anything; they are never imported themselves.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, layerOf, LAYERS, readImports, type Layer } from './layers.js';

const root = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'fixtures') out.push(...sourceFiles(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = ['harness', 'models', 'properties', 'reports', 'bench', 'schema', 'examples', 'docs']
  .flatMap(sourceFiles)
  .sort();
const graph = new Map<string, string[]>(
  files.map((f) => [
    f,
    readImports(readFileSync(join(root, f), 'utf8')).map((spec) =>
      relative(root, resolve(root, dirname(f), spec)).replace(/\.js$/, '.ts'),
    ),
  ]),
);

describe('layers', () => {
  it('finds the source files it checks', () => {
    // A guard against the walk silently finding nothing (a moved root, a renamed folder).
    expect(files.filter((f) => layerOf(f) === 'engine').length).toBeGreaterThan(30);
    expect(files.filter((f) => layerOf(f) === 'cli').length).toBeGreaterThan(10);
  });

  it('every import points to a layer its importer may use', () => {
    const upward: string[] = [];
    for (const [from, targets] of graph) {
      const fromLayer = layerOf(from);
      for (const to of targets) {
        const toLayer = layerOf(to);
        if (!LAYERS[fromLayer].includes(toLayer)) upward.push(`${from} (${fromLayer}) imports ${to} (${toLayer})`);
      }
    }
    expect(upward, `imports that run up the house:\n${upward.join('\n')}`).toEqual([]);
  });

  it('no files import each other round in a cycle', () => {
    const cycles = importCycles(graph);
    expect(
      cycles.map((c) => c.join(' -> ')),
      'import cycles',
    ).toEqual([]);
  });

  it('the checker itself catches an upward import and a cycle', () => {
    // The rules above could pass vacuously if layerOf or the cycle finder were broken.
    const engine: Layer = layerOf('harness/engine/simulator.ts');
    expect(LAYERS[engine].includes(layerOf('harness/cli/main.ts'))).toBe(false);
    expect(LAYERS[engine].includes(layerOf('models/registry.ts'))).toBe(false);
    expect(LAYERS[layerOf('properties/noDualActive.ts')].includes('runners')).toBe(false);
    const toy = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles(toy)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(
      readImports(
        "import { a } from './a.js';\nexport * from '../b.js';\nconst c = await import('./c.js');\nimport x from 'fast-check';",
      ),
    ).toEqual(['./a.js', '../b.js', './c.js']);
  });
});
