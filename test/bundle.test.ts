// The prebuilt bundle a checkout starts from (build/stamp.js, bin/hafault.js): dist/ must be built
// from the sources as they are (else `npx hafault` in a checkout quietly falls back to tsx, slow), and
// the bin must run the sources, not the bundle, as soon as one source differs from the stamp.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_CONFIG, bundleStatus, STAMP_PATH, stampOf } from '../build/stamp.js';
import { threadsFor, workerModule } from '../harness/runners/pool.js';

const root = join(import.meta.dirname, '..');

/** A checkout in miniature: the real bin and stamp code, a stand-in source and a stand-in bundle that say which ran. */
function miniCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hafault-stamp-'));
  for (const folder of ['bin', 'build', 'harness/cli', 'dist']) mkdirSync(join(dir, folder), { recursive: true });
  copyFileSync(join(root, 'bin/hafault.js'), join(dir, 'bin/hafault.js'));
  for (const file of BUILD_CONFIG) copyFileSync(join(root, file), join(dir, file));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'harness/cli/main.ts'), "console.log('sources');\n");
  writeFileSync(join(dir, 'dist/cli.js'), "console.log('bundle');\n");
  const stamp = stampOf(dir, ['harness/cli/main.ts', 'node_modules/x/index.js'], ['dist/cli.js']);
  writeFileSync(join(dir, STAMP_PATH), JSON.stringify(stamp));
  return dir;
}

const ran = (dir: string) =>
  spawnSync(process.execPath, [join(dir, 'bin/hafault.js')], { encoding: 'utf8' }).stdout.trim();

describe('the prebuilt bundle', () => {
  it('dist/ is built from the sources as they are (if not: npm run build:js)', () => {
    const status = bundleStatus(root);
    const why = status.current ? '' : status.why;
    expect(status.current, `dist/ is not current (${why}): run \`npm run build:js\``).toBe(true);
  });

  it('the bin runs the bundle while its stamp matches, and the sources once one changes or an output is gone', () => {
    const dir = miniCheckout();
    try {
      expect(ran(dir)).toBe('bundle');
      writeFileSync(join(dir, 'harness/cli/main.ts'), "console.log('sources');\n// edited\n");
      expect(bundleStatus(dir)).toEqual({ current: false, why: 'a source changed since the bundle was built' });
      expect(ran(dir)).toBe('sources');
      writeFileSync(join(dir, 'harness/cli/main.ts'), "console.log('sources');\n");
      expect(ran(dir)).toBe('bundle');
      writeFileSync(join(dir, 'package.json'), '{}\n');
      expect(ran(dir)).toBe('sources');
      copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
      rmSync(join(dir, 'dist/cli.js'));
      expect(bundleStatus(dir)).toEqual({ current: false, why: 'dist/cli.js is missing' });
      expect(ran(dir)).toBe('sources');
      rmSync(join(dir, STAMP_PATH));
      expect(bundleStatus(dir).current).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a CLI started from the bundle starts its workers from the bundle', () => {
    const chunk = new URL('dist/chunk-ABC.js', `file://${root}/`).href;
    expect(workerModule(chunk, './worker.ts', './sweep-worker.js').href).toBe(
      new URL('dist/sweep-worker.js', `file://${root}/`).href,
    );
  });
});

describe('the default thread count', () => {
  it('is one per core, at most 64, and no more than one per 10 000 runs', () => {
    const cores = Math.min(64, availableParallelism());
    expect(threadsFor(1)).toBe(1);
    expect(threadsFor(9_999)).toBe(1);
    expect(threadsFor(20_000)).toBe(Math.min(2, cores));
    expect(threadsFor(10 ** 9)).toBe(cores);
  });
});
