// The regression corpus replays byte for byte when @xstate/fsm's own `transition` steps the machines
// (HAFAULT_FSM=library) as it does with the compiled dispatchers (properties/corpus.test.ts): the
// switch changes how fast, never what. A child process, so the switch goes through the environment.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

interface Report {
  readonly implementation: string;
  readonly cases: readonly { name: string; sameViolations: boolean; sameTimeline: boolean }[];
}

function replayWith(fsm: string): Report {
  const r = spawnSync(tsx, [join(import.meta.dirname, 'replayCorpus.ts')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, HAFAULT_FSM: fsm },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

it('replays the corpus byte for byte with HAFAULT_FSM=library', () => {
  const report = replayWith('library');
  expect(report.implementation).toBe('library');
  const corpus = readdirSync(join(root, 'properties', 'corpus')).filter((f) => f.endsWith('.json'));
  expect(report.cases.map((c) => c.name).sort()).toEqual(corpus.sort());
  for (const c of report.cases) expect(c, c.name).toEqual({ name: c.name, sameViolations: true, sameTimeline: true });
});
