#!/usr/bin/env node
// The `hafault` command (package.json "bin"), so `npx hafault …` works from any folder with paths
// relative to it. An installed package runs its JavaScript build (dist/cli.js, made by `npm run
// build` when the package is packed). A checkout of the repository, where the TypeScript sources
// sit beside this file, runs the same build while its stamp matches the sources (build/stamp.js:
// `npm ci` and `npm test` build it, `npm run build:js` by hand), and the sources through tsx
// otherwise, so a developer never runs stale code; a note on a terminal says why it is slower.
// It does not rebuild on its own: tests start many of these at once, and a build is the
// developer's step to take (docs/performance.md, "Start-up").
import { existsSync } from 'node:fs';
import { stderr } from 'node:process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = new URL('../harness/cli/main.ts', import.meta.url);
const { bundleStatus } = existsSync(source) ? await import('../build/stamp.js') : {};
const status = bundleStatus?.(root) ?? { current: true };
if (status.current) {
  await import('../dist/cli.js');
} else {
  if (stderr.isTTY)
    stderr.write(`hafault: running the sources through tsx (${status.why}; npm run build:js starts faster)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
}
