// Replays every case of the regression corpus in this process and prints, as one JSON line, which
// implementation stepped the machines and each case's result. Run by libraryCorpus.test.ts in a
// child process with HAFAULT_FSM=library, so the switch is read from the environment as in real use.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FSM_IMPLEMENTATION } from '../../harness/engine/fsm.js';
import { parseTraceFile } from '../../harness/engine/traceFile.js';
import { replayTrace } from '../../harness/runners/replay.js';

const dir = join(import.meta.dirname, '..', '..', 'properties', 'corpus');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((name) => {
    const file = parseTraceFile(readFileSync(join(dir, name), 'utf8'), name);
    const outcome = replayTrace(file);
    const same =
      JSON.stringify(outcome.violations.map((v) => [v.property, v.at])) ===
      JSON.stringify(file.violations.map((v) => [v.property, v.at]));
    return { name, sameViolations: same, sameTimeline: outcome.sameTimeline };
  });
console.log(JSON.stringify({ implementation: FSM_IMPLEMENTATION, cases }));
