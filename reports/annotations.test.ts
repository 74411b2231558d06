// GitHub's workflow commands: escaped by the runner's rules, so a message with line breaks or a
// title with `:` and `,` reaches the annotation whole and cannot end the command early.
import { describe, expect, it } from 'vitest';
import { annotationLines, escapeCommandData, escapeCommandProperty } from './annotations.js';
import type { GateReport } from './gate.js';

/** What the runner does to a command's message and properties (actions/runner's ActionCommand unescape). */
const unescape = (s: string) =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

describe('escapeCommandData / escapeCommandProperty', () => {
  it('escapes %, CR and LF in a message, and : and , too in a property', () => {
    expect(escapeCommandData('50% of h1:\r\nfenced, then %0A')).toBe('50%25 of h1:%0D%0Afenced, then %250A');
    expect(escapeCommandProperty('m/p: a, b 100%\n')).toBe('m/p%3A a%2C b 100%25%0A');
  });
});

const report = (topologyFile?: string): GateReport => ({
  command: 'hafault check',
  caseUnit: 'model/preset × property',
  search: 'seed 1',
  exitCode: 5,
  ...(topologyFile ? { topologyFile } : {}),
  suites: [
    {
      name: 'xenserver-ha/two, pools',
      cases: [
        { name: 'holds', outcome: 'passed' },
        {
          name: 'noUnnecessaryFence',
          outcome: 'failed',
          message: 'noUnnecessaryFence violated: h1 fenced',
          details: ['at 10 s: storage node sanA is hard power-cycled', '⇒ h1 fenced at 85 s (100% sure)'],
          command: 'npx hafault replay t.json --timeline',
        },
        { name: 'unsure', outcome: 'skipped', message: 'unknown' },
        {
          name: 'noFenceLoop',
          outcome: 'error',
          message: 'noFenceLoop cannot be judged',
          details: ['the run never settles'],
          command: 'npx hafault run x',
        },
        {
          name: 'noDualActive',
          outcome: 'error',
          message: 'noDualActive cannot be judged',
          details: ['the run never settles'],
          command: 'npx hafault run x',
        },
      ],
    },
  ],
});

describe('annotationLines', () => {
  it('one ::error per violation and one ::warning per run that never settles (however many properties it leaves unjudged)', () => {
    const lines = annotationLines(report());
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => !/[\r\n]/.test(l))).toBe(true);
    const [error, warning] = lines;
    const m = /^::error title=([^:,]*)::(.*)$/.exec(error);
    expect(m).not.toBeNull();
    expect(unescape(m![1])).toBe('xenserver-ha/two, pools: noUnnecessaryFence violated');
    expect(unescape(m![2])).toBe(
      'at 10 s: storage node sanA is hard power-cycled\n⇒ h1 fenced at 85 s (100% sure)\nsee it: npx hafault replay t.json --timeline',
    );
    expect(warning).toBe(
      '::warning title=xenserver-ha/two%2C pools%3A a run never settles::the run never settles%0Asee it: npx hafault run x',
    );
  });

  it('points at the topology file when there is one, escaped like any property', () => {
    const lines = annotationLines(report('designs/a,b:c.yaml'));
    expect(lines[0]).toMatch(/^::error file=designs\/a%2Cb%3Ac\.yaml,title=[^:,]*::/);
    expect(annotationLines(report())[0]).not.toContain('file=');
  });

  it('says nothing when every case holds or was not judged', () => {
    const r = report();
    const quiet = {
      ...r,
      suites: [
        { ...r.suites[0], cases: r.suites[0].cases.filter((c) => c.outcome === 'passed' || c.outcome === 'skipped') },
      ],
    };
    expect(annotationLines(quiet)).toEqual([]);
  });
});
