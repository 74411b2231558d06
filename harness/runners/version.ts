// The hafault version, read once from package.json (the one place it is written): trace files
// record it, so a replay that does not reproduce can say which hafault wrote the file. The file is
// two folders up from the sources (harness/runners/) and one up from the package's build (dist/);
// its folder is the package's root, where the shipped examples are.
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackage(): { root: string; version: string } {
  for (const relative of ['../package.json', '../../package.json']) {
    const url = new URL(relative, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: unknown; version?: unknown };
    if (pkg.name === 'hafault' && typeof pkg.version === 'string')
      return { root: dirname(fileURLToPath(url)), version: pkg.version };
  }
  throw new Error('no package.json of hafault found beside the code');
}

const found = findPackage();

export const HAFAULT_VERSION: string = found.version;

/** The folder of hafault's package.json: a checkout's root, or node_modules/hafault when installed. */
export const PACKAGE_ROOT: string = found.root;
