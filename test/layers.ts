// The layers of the house, bottom to top, and which layers each may import. A file's layer is its
// folder. The engine is pure and imports nothing of ours; properties judge engine traces; the lab
// holds the I/O primitives for real daemons; models may use all three; runners drive models; reports
// render runners' results; only the CLI may import the CLI's files, and the library API (the `hafault`
// package's entries) sits on top of the CLI: each of its functions runs a command in-process.
export type Layer = 'engine' | 'properties' | 'lab' | 'models' | 'runners' | 'reports' | 'cli' | 'api' | 'scripts';

export const LAYERS: Readonly<Record<Layer, readonly Layer[]>> = {
  engine: ['engine'],
  properties: ['engine', 'properties'],
  lab: ['engine', 'lab'],
  models: ['engine', 'properties', 'lab', 'models'],
  runners: ['engine', 'properties', 'lab', 'models', 'runners'],
  reports: ['engine', 'properties', 'models', 'runners', 'reports'],
  cli: ['engine', 'properties', 'lab', 'models', 'runners', 'reports', 'cli'],
  api: ['engine', 'properties', 'lab', 'models', 'runners', 'reports', 'cli', 'api'],
  scripts: ['engine', 'properties', 'lab', 'models', 'runners', 'reports', 'scripts'],
};

const PREFIXES: readonly [string, Layer][] = [
  ['harness/engine/', 'engine'],
  ['harness/lab/', 'lab'],
  ['harness/runners/', 'runners'],
  ['harness/cli/', 'cli'],
  ['harness/api/', 'api'],
  ['properties/', 'properties'],
  ['models/', 'models'],
  ['reports/', 'reports'],
  ['bench/', 'scripts'],
  ['schema/', 'scripts'],
  ['examples/', 'scripts'],
  ['docs/', 'scripts'],
  ['build/', 'scripts'],
];

export function layerOf(path: string): Layer {
  const hit = PREFIXES.find(([prefix]) => path.startsWith(prefix));
  if (!hit) throw new Error(`${path}: in no layer (add its folder to test/layers.ts)`);
  return hit[1];
}

/** The relative specifiers a module imports or re-exports, static or dynamic, in source order. */
export function readImports(source: string): string[] {
  const out: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;
  for (const m of source.matchAll(pattern)) out.push(m[2]);
  return out;
}

/** Every strongly connected set of more than one file (or a file importing itself), each sorted. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}
