// The examples each command's --help ends with: real commands on files in examples/ and
// properties/corpus/, small enough to try at once (helpExamples.test.ts runs every one of them and
// requires exit 0 or 1, so none of them can rot into bad input). `{pkg}/` stands for the way from
// the folder the command runs in to hafault's own files: nothing in a checkout's root,
// `node_modules/hafault/` in a project that installed it, so each example runs as printed.
import { relative } from 'node:path';
import { PACKAGE_ROOT } from '../runners/version.js';
export const HELP_EXAMPLES = {
  check: [
    'npx hafault check --model keepalived --runs 50',
    'npx hafault check --topology {pkg}/examples/xenserver-ha/two-host.yaml --runs 20',
    'npx hafault check --model xenserver-ha --preset bonded-mirrored-san --property noDualActive --max-faults 2 --runs 20',
    'npx hafault check --model keepalived --runs 50 --shard 1/2 --json',
  ],
  explore: [
    'npx hafault explore --model keepalived --depth 1',
    'npx hafault explore --topology {pkg}/examples/spof/one-switch-one-san.yaml --depth 1',
    'npx hafault explore --model keepalived --depth 2 --keep-going --max-states 20000 --json',
  ],
  spof: [
    'npx hafault spof --model keepalived',
    'npx hafault spof --topology {pkg}/examples/spof/one-switch-one-san.yaml --out hafault-out/spof',
    'npx hafault spof --model xenserver-ha --preset two-host --json',
  ],
  models: ['npx hafault models', 'npx hafault models --json'],
  replay: [
    'npx hafault replay {pkg}/properties/corpus/ka-2-partition-dual-master.json --timeline',
    'npx hafault replay {pkg}/properties/corpus/ka-2-partition-dual-master.json --html hafault-out/ka-2.html',
  ],
  run: [
    'npx hafault run --model xenserver-ha --preset bonded-mirrored-san --plan {pkg}/examples/plans/seed-004-hard-powercycle.plan --set timeoutMs=30s,60s,90s,120s',
    'npx hafault run --model keepalived --step "at 10s: host-crash r1" --step "+30s: host-boot r1" --step "wait until healthy within 5m"',
  ],
  sweep: [
    'npx hafault sweep --model keepalived --set advertIntMs=1s,2s,3s --runs 100',
    'npx hafault sweep --model xenserver-ha --preset two-host --set timeoutMs=30s,60s,120s --runs 100 --out hafault-out/sweep',
    'npx hafault sweep --model keepalived --set advertIntMs=1s,2s,3s --runs 100 --shard 2/2 --json',
  ],
  availability: [
    'npx hafault availability --model xenserver-ha --preset bonded --years 200',
    'npx hafault availability --model xenserver-ha --preset bonded-mirrored-san --set timeoutMs=30s,120s --years 200 --out hafault-out/nines',
    'npx hafault availability --model xenserver-ha --preset bonded --rates {pkg}/examples/rates/field-rates.yaml --years 100',
    'npx hafault availability --model keepalived --rate host=2 --rate r1=5 --episodes 200 --json',
  ],
  merge: [
    'npx hafault merge {pkg}/examples/ci/shards/check-1-of-2.json {pkg}/examples/ci/shards/check-2-of-2.json',
    'npx hafault merge {pkg}/examples/ci/shards/sweep-1-of-2.json {pkg}/examples/ci/shards/sweep-2-of-2.json',
  ],
  conform: ['npx hafault conform --model keepalived --runs 3', 'npx hafault conform --cleanup'],
} as const satisfies Record<string, readonly string[]>;

export type ExampleCommand = keyof typeof HELP_EXAMPLES;

/** The text commander appends after a command's --help, its paths as seen from `cwd`. */
export function examplesHelp(command: ExampleCommand, cwd: string = process.cwd()): string {
  const way = relative(cwd, PACKAGE_ROOT);
  const lines = HELP_EXAMPLES[command].map((line) =>
    line.replace(/\{pkg\}\/(\S+)/g, (_, rest: string) => quoted(way === '' ? rest : `${way}/${rest}`)),
  );
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}

/** A path as a shell word: in double quotes when it holds anything but plain path characters. */
function quoted(path: string): string {
  return /^[\w./=,+@%-]+$/.test(path) ? path : `"${path}"`;
}
