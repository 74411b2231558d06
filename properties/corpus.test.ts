// The regression corpus: every trace file in properties/corpus/ is replayed on every `npm test`
// and must end as recorded — the same properties violated at the same instants (known-bad designs
// stay caught), or none (fixed bugs stay fixed), with the same timeline byte for byte. Add a case by
// copying a trace file here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayTrace } from '../harness/runners/replay.js';
import { parseTraceFile } from '../harness/engine/traceFile.js';

const dir = join(import.meta.dirname, 'corpus');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('regression corpus', () => {
  it('has cases', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const name of files) {
    it(name, () => {
      const file = parseTraceFile(readFileSync(join(dir, name), 'utf8'), name);
      const outcome = replayTrace(file);
      expect(outcome.violations.map((v) => [v.property, v.at])).toEqual(file.violations.map((v) => [v.property, v.at]));
      // And the whole timeline, byte for byte, as `replay` promises: a model change re-records its cases.
      expect(outcome.sameTimeline).toBe(true);
    });
  }
});
