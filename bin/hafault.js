#!/usr/bin/env node
// The `hafault` command (package.json "bin"), so `npx hafault …` works from any folder with paths
// relative to it. An installed package runs its JavaScript build (dist/cli.js, made by `npm run
// build` when the package is packed); a checkout of the repository, where the TypeScript sources sit
// beside this file, runs them through tsx, so a developer never runs a stale build.
import { existsSync } from 'node:fs';

const source = new URL('../harness/cli/main.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../dist/cli.js');
}
