// The hafault version, read once from package.json (the one place it is written): trace files
// record it, so a replay that does not reproduce can say which hafault wrote the file. The file is
// two folders up from the sources (harness/runners/) and one up from the package's build (dist/).
import { existsSync, readFileSync } from 'node:fs';

function readVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    const url = new URL(relative, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: unknown; version?: unknown };
    if (pkg.name === 'hafault' && typeof pkg.version === 'string') return pkg.version;
  }
  throw new Error('no package.json of hafault found beside the code');
}

export const HAFAULT_VERSION: string = readVersion();
