// The fuzzer that stays: every input kind (topology files, plans, trace files, `--set` values, flag
// combinations), mutated from valid examples, through the CLI in-process; every case must end with an
// exit code hafault documents (2 when the input is known invalid), one-line errors and no stack
// trace, in bounded time, writing nothing outside its output flags. A fixed seed (HAFAULT_SEED) in CI;
// HAFAULT_FUZZ_RUNS sets the cases in all, shared equally by the kinds (docs/testing.md#the-fuzzer).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { SEED } from '../../harness/runners/testing.js';
import { topologyCase, planCase, traceCase } from './fileCases.js';
import { flagsCase, setCase } from './flagCases.js';
import { argvOf, describeCase, problemsOf, runCase, type FuzzCase } from './runCase.js';

const KINDS: readonly [string, fc.Arbitrary<FuzzCase>][] = [
  ['topology files', topologyCase],
  ['plans', planCase],
  ['trace files', traceCase],
  ['--set values', setCase],
  ['flag combinations', flagsCase],
];
/** Cases in all (60 per kind by default: about 10 s here). */
const FUZZ_RUNS = Number(process.env.HAFAULT_FUZZ_RUNS ?? 300);
/** fast-check's path of a failure, to replay just that case (with its seed in HAFAULT_SEED). */
const PATH = process.env.HAFAULT_FUZZ_PATH;

/** Keeps a failing case's files in a folder of their own and gives the command line that reruns it. */
function kept(c: FuzzCase, temp: string): string {
  const dir = mkdtempSync(join(temp, 'hafault-fuzz-failure-'));
  mkdirSync(join(dir, 'in'));
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'in', 'afile'), 'a file where a folder is expected\n');
  for (const f of c.files) writeFileSync(join(dir, 'in', f.name), f.bytes);
  const quote = (a: string) => (/^[\w./=,:@+-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);
  return `npx hafault ${argvOf(c, dir).map(quote).join(' ')}`;
}

describe('fuzz: mutated inputs end cleanly', () => {
  const temp = tmpdir();
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(join(temp, 'hafault-fuzz-'));
    mkdirSync(join(root, 'tmp'));
    // Whatever a command puts in the temporary folder lands under the root, where the listing sees it.
    process.env.TMPDIR = join(root, 'tmp');
  });
  afterAll(() => {
    process.env.TMPDIR = temp;
    rmSync(root, { recursive: true, force: true });
  });

  for (const [name, arbitrary] of KINDS) {
    it(`${name}: exit 0/1/2/3/5 (2 when known invalid), no stack trace, bounded time, no stray file`, async () => {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (c) => {
          const problems = problemsOf(c, await runCase(c, root));
          if (problems.length > 0)
            throw new Error(`${problems.join('\n')}\n  case: ${describeCase(c)}\n  rerun: ${kept(c, temp)}`);
        }),
        // A failure's one-line case already names its mutation; shrinking would rerun slow cases many times.
        { seed: SEED, numRuns: Math.max(1, Math.round(FUZZ_RUNS / KINDS.length)), endOnFailure: true, path: PATH },
      );
    });
  }
});
