// The build stamp: whether dist/ was bundled from the sources as they are now. `npm run build:js`
// writes dist/stamp.json (build/bundle.ts) with the files esbuild read (its metafile's inputs, plus
// the build's own configuration) and one MD5 over their contents; bin/hafault.js, in a checkout,
// runs dist/cli.js only when hashing those files again gives the same digest, so a developer never
// runs stale code. Contents, not mtimes: a `git checkout` or a copy rewrites mtimes without changing
// a byte, and an edit within the mtime's granularity would go unseen; hashing the ~2 MB the bundle
// reads costs a few milliseconds (docs/performance.md, "Start-up"). Plain JavaScript, so that the
// bin can read it without loading tsx.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the stamp sits, relative to the package's root. */
export const STAMP_PATH = 'dist/stamp.json';

/** Files that shape the bundle without being one of its inputs. */
export const BUILD_CONFIG = ['build/bundle.ts', 'build/stamp.js', 'package.json', 'tsconfig.json'];

/** One digest of the files (paths relative to `root`, in the order given): path and content each. */
export function digestOf(root, files) {
  const hash = createHash('md5');
  for (const file of files) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * The stamp of a bundle built from `inputs` into `outputs` (both relative to `root`; inputs under
 * node_modules/ are left out: dependencies stay imports, not part of the bundle).
 */
export function stampOf(root, inputs, outputs) {
  const files = [...new Set([...inputs.filter((f) => !f.startsWith('node_modules/')), ...BUILD_CONFIG])].sort();
  return { digest: digestOf(root, files), files, outputs: [...outputs].sort() };
}

/**
 * Whether dist/ under `root` was built from the sources as they are: `{ current: true }`, or
 * `{ current: false, why }` (no build, an output missing, a source changed or gone).
 */
export function bundleStatus(root) {
  const stampFile = join(root, STAMP_PATH);
  if (!existsSync(stampFile)) return { current: false, why: `no ${STAMP_PATH} (the bundle was never built)` };
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    const missing = stamp.outputs.find((f) => !existsSync(join(root, f)));
    if (missing !== undefined) return { current: false, why: `${missing} is missing` };
    if (stamp.digest === digestOf(root, stamp.files)) return { current: true };
  } catch (error) {
    return { current: false, why: `${STAMP_PATH}: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { current: false, why: 'a source changed since the bundle was built' };
}
