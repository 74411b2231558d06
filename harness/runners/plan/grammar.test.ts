// One grammar for a plan and its replay: a partition target a plan accepts, the trace it writes
// replays, and one it refuses, the replay refuses with the same words. A step waits or injects a
// fault, never both; blank `--step`s are an empty plan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTraceFile, TraceFileError } from '../../engine/traceFile.js';
import { replayTrace } from '../replay.js';
import { target } from '../testing.js';
import { checkPlan, planFromSteps } from './load.js';
import { parsePlanData } from './parseData.js';
import { parsePlanText } from './parseText.js';
import { PlanError, planLine } from './types.js';

const ROUTERS = join(import.meta.dirname, '..', '..', '..', 'properties', 'corpus', 'ka-2-partition-dual-master.json');

/** What a plan says of `partition <split>` on keepalived two-routers (r1, r2), without the step's text. */
function planSays(split: string): string | null {
  const { plan, problems } = parsePlanText(`at 10s: partition ${split}`, 'p.plan');
  expect(problems).toEqual([]);
  try {
    checkPlan(plan, target('keepalived', 'two-routers'));
    return null;
  } catch (error) {
    const [p] = (error as PlanError).problems;
    return p.message.replace(`\`at 10s: partition ${split}\`: `, '');
  }
}

/** What a replay says of the corpus trace with its partition's target replaced. */
function replaySays(split: string): string | null {
  const doc = JSON.parse(readFileSync(ROUTERS, 'utf8'));
  doc.schedule[0].target = split;
  try {
    replayTrace(parseTraceFile(JSON.stringify(doc), 'f.json'), undefined, 'f.json');
    return null;
  } catch (error) {
    if (!(error instanceof TraceFileError)) throw error;
    const line = error.message.split('\n')[0];
    return line.replace(/^f\.json: schedule\[0\]\.target: /, '');
  }
}

describe('partition targets: the same grammar and words in run and replay', () => {
  const refused: [string, RegExp][] = [
    ['r1|r1', /host `r1` is in two groups of `r1\|r1`; expected each host once/],
    ['r1|r2|r1', /host `r1` is in two groups of `r1\|r2\|r1`/],
    ['r1,r1|r2', /host `r1` is in two groups/],
    ['|r1', /expected two or more groups of host ids separated by \|.*found `\|r1`/],
    ['r1|', /expected two or more groups.*found `r1\|`/],
    ['r1||r2', /expected two or more groups.*found `r1\|\|r2`/],
    ['r1,|r2', /expected two or more groups/],
    ['r1', /expected two or more groups/],
    ['r1,r2', /expected two or more groups/],
    ['r1|r9', /unknown host `r9` in partition `r1\|r9`; did you mean `r1`\?/],
  ];
  for (const [split, why] of refused) {
    it(`\`${split}\` is refused, by a plan as by a replay`, () => {
      const said = planSays(split);
      expect(said).toMatch(why);
      expect(replaySays(split)).toBe(said);
    });
  }

  it('a partition a wait never sees healed names its whole target in the fix', () => {
    const { plan } = parsePlanText('at 10s: partition r1|r2\nwait until healthy', 'p.plan');
    expect(() => checkPlan(plan, target('keepalived', 'two-routers'))).toThrow(/add `heal r1\|r2` before it/);
  });

  it('a real split is accepted by both', () => {
    expect(planSays('r1|r2')).toBeNull();
    expect(planSays('r2|r1')).toBeNull();
  });
});

describe('blank --step lines are an empty plan', () => {
  for (const steps of [[''], ['  ', '\t'], ['# only a comment']]) {
    it(`${JSON.stringify(steps)}: "the plan has no steps"`, () => {
      expect(() => planFromSteps(steps)).toThrow(PlanError);
      expect(() => planFromSteps(steps)).toThrow(/^--step: the plan has no steps$/);
    });
  }
  it('a real step is still a plan', () => {
    expect(planFromSteps(['', 'at 10s: partition r1|r2']).steps).toHaveLength(1);
  });
});

describe('a JSON or YAML step either waits or injects a fault', () => {
  const says = (text: string, file = 'p.yaml') => parsePlanData(text, file).problems.map(planLine);

  it('a fault beside `wait` is refused, naming the step and its line, not dropped', () => {
    expect(
      says(
        'steps:\n  - {at: 10s, fault: host-crash, target: r1}\n  - {at: 10s, fault: partition, target: r1|r2, wait: healthy}\n',
      ),
    ).toEqual([
      expect.stringMatching(
        /^p\.yaml:3:6: steps\[1\]: unexpected field `at`, `fault`, `target` beside `wait`; a step either waits .* or injects a fault .*, not both$/,
      ),
    ]);
    expect(says('[{"wait": "healthy", "within": "10m", "fault": "heal"}]', 'p.json')).toEqual([
      expect.stringMatching(/^p\.json:1:39: steps\[0\]: unexpected field `fault` beside `wait`/),
    ]);
  });

  it('an unknown key is refused in a wait step and in a fault step', () => {
    expect(says('- {wait: healthy, colour: red}\n')).toEqual([
      expect.stringMatching(/^p\.yaml:1:19: steps\[0\]: unexpected field `colour` beside `wait`/),
    ]);
    expect(says('- {at: 10s, fault: host-crash, target: r1, colour: red}\n')).toEqual([
      'p.yaml:1:44: steps[0]: unexpected field `colour`',
    ]);
  });

  it('a plain wait and a plain fault step still load', () => {
    expect(says('- {at: 10s, fault: partition, target: r1|r2}\n- {wait: healthy, within: 10m}\n')).toEqual([]);
  });
});

describe('a time in a text plan names its unit', () => {
  const problems = (text: string) =>
    parsePlanText(text, 'p.plan').problems.map((p) => `${p.line}:${p.col}: ${p.message}`);

  it('`at 10:` and `+5:` are refused with the two readings, at the number (they ran at 10 ms)', () => {
    expect(problems('at 10: host-crash r1')).toEqual([
      '1:4: `at 10: host-crash r1`: a time needs its unit: `10s` or `10ms`, found `10`',
    ]);
    expect(problems('at 10s: host-crash r1\n+5: host-boot r1')).toEqual([
      '2:2: `+5: host-boot r1`: a time needs its unit: `5s` or `5ms`, found `5`',
    ]);
    expect(problems('at 10s: host-crash r1\nwait until healthy within 10')[0]).toMatch(/^2:27: .*found `10`$/);
  });

  it('0 needs none, and every unit is taken', () => {
    expect(
      problems('at 0: host-crash r1\n+1500ms: host-boot r1\nat 2m: host-crash r2\nwait until healthy within 1h'),
    ).toEqual([]);
  });
});
