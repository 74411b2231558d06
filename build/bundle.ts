// The package's JavaScript build (`npm run build`, run by `npm pack` through `prepack`): esbuild
// bundles each entry point into dist/ with shared chunks (so the CLI, the library entries and a
// user's model share one copy of every module), dependencies left as imports; tsc writes the
// entries' type declarations into dist/types/. In a checkout of the repository nothing runs from
// dist/: bin/hafault.js runs the TypeScript sources through tsx (docs/api.md, "How it is built").
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');

/** Entry name (dist/<name>.js) → source. The worker names are those runners/pool.ts workerModule asks for. */
export const ENTRIES: Readonly<Record<string, string>> = {
  cli: 'harness/cli/main.ts',
  index: 'harness/api/index.ts',
  vitest: 'harness/api/vitest.ts',
  model: 'harness/api/model.ts',
  'sweep-worker': 'harness/runners/sweep/worker.ts',
  'soak-worker': 'harness/runners/soak/worker.ts',
};

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ENTRIES,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
