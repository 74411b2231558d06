// The hafault version, read once from package.json (the one place it is written): trace files
// record it, so a replay that does not reproduce can say which hafault wrote the file.
import { readFileSync } from 'node:fs';

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error('package.json has no version');
  return pkg.version;
}

export const HAFAULT_VERSION: string = readVersion();
