// The package's JavaScript build. `npm run build:js` (also run by `npm ci` through `prepare`, and
// by `npm test`) bundles each entry point into dist/ with esbuild, shared chunks (so the CLI, the
// library entries and a user's model share one copy of every module), dependencies left as imports,
// and writes dist/stamp.json (build/stamp.js) last; `npm run build` (run by `npm pack` through
// `prepack`) also has tsc write the entries' type declarations into dist/types/. In a checkout,
// bin/hafault.js runs dist/cli.js while the stamp matches the sources, and tsx otherwise.
// Safe while CLIs start from dist/ (tests run in parallel with the pack test's build): a file whose
// bytes are unchanged is left alone, a changed one is written beside and renamed over (chunks are
// named by their hash, so a new chunk is a new file), and the stamp is renamed in last; chunks the
// new build no longer has are removed only after that.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { STAMP_PATH, stampOf } from './stamp.js';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');

/** Entry name (dist/<name>.js) → source. The worker names are those runners/pool.ts workerModule asks for. */
export const ENTRIES: Readonly<Record<string, string>> = {
  cli: 'harness/cli/main.ts',
  index: 'harness/api/index.ts',
  vitest: 'harness/api/vitest.ts',
  model: 'harness/api/model.ts',
  'sweep-worker': 'harness/runners/sweep/worker.ts',
  'soak-worker': 'harness/runners/soak/worker.ts',
  'availability-worker': 'harness/runners/availability/worker.ts',
};

/** Writes `bytes` to `file` unless it holds them already, through a temporary file renamed over it. */
function replaceFile(file: string, bytes: Uint8Array): void {
  if (existsSync(file) && Buffer.compare(readFileSync(file), bytes) === 0) return;
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}

/** Bundles the entries into dist/ and stamps it; returns the seconds it took. */
export async function buildJs(): Promise<number> {
  const t0 = performance.now();
  const result = await build({
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
    metafile: true,
    write: false,
  });
  mkdirSync(dist, { recursive: true });
  const outputs = result.outputFiles.map((f) => relative(root, f.path));
  for (const f of result.outputFiles) replaceFile(f.path, f.contents);
  const stamp = stampOf(root, Object.keys(result.metafile.inputs), outputs);
  replaceFile(join(root, STAMP_PATH), Buffer.from(JSON.stringify(stamp, null, 1) + '\n'));
  const kept = new Set([...outputs, STAMP_PATH, 'dist/types']);
  for (const name of readdirSync(dist))
    if (!kept.has(`dist/${name}`) && !name.endsWith('.tmp')) rmSync(join(dist, name), { recursive: true, force: true });
  return (performance.now() - t0) / 1000;
}

/** Type declarations of the library entries, written afresh into dist/types/. */
function buildTypes(): void {
  rmSync(join(dist, 'types'), { recursive: true, force: true });
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}

if (process.argv[1] === import.meta.filename) {
  await buildJs();
  if (!process.argv.includes('--js')) buildTypes();
}
