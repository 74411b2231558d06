// The job summary a reviewer reads on the run's page: the verdict with its exit code first, the
// verdict table, then each finding with its sentences and the command to copy.
import { describe, expect, it } from 'vitest';
import type { GateReport, GateSuite } from './gate.js';
import { gateSummary, mdText } from './gateSummary.js';

const suite = (name: string, cases: GateSuite['cases']): GateSuite => ({ name, cases });
const base = { command: 'hafault check', search: 'seed 1, 50 runs per property', caseUnit: 'model/preset × property' };

describe('gateSummary', () => {
  it('all hold: the headline says so with exit 0, and no finding follows', () => {
    const md = gateSummary({
      ...base,
      exitCode: 0,
      suites: [
        suite('a/b', [
          { name: 'p', outcome: 'passed' },
          { name: 'q', outcome: 'passed' },
        ]),
      ],
    });
    expect(md).toMatch(/^## hafault check\n\n✅ \*\*All hold\*\*: 2 checks .*exit 0$/m);
    expect(md).toContain('| a/b | holds | holds |');
    expect(md).not.toContain('###');
  });

  it('a violation: the count, the table cell, its sentences and its replay command in a shell block', () => {
    const report: GateReport = {
      ...base,
      exitCode: 1,
      suites: [
        suite('xenserver-ha/bonded-mirrored-san', [
          { name: 'noDualActive', outcome: 'passed' },
          {
            name: 'noUnnecessaryFence',
            outcome: 'failed',
            message: 'noUnnecessaryFence violated: h1 fenced',
            details: ['at 10 s: storage node sanA is hard power-cycled', '⇒ h1 fenced at 85 s'],
            command: 'npx hafault replay out/t.json --timeline',
          },
        ]),
      ],
    };
    const md = gateSummary(report);
    expect(md).toMatch(/❌ \*\*1 violation found\*\* in 2 checks .*exit 1/);
    expect(md).toContain('| model / preset | noDualActive | noUnnecessaryFence |');
    expect(md).toContain('| xenserver-ha/bonded-mirrored-san | holds | ❌ VIOLATED |');
    expect(md).toContain('### ❌ xenserver-ha/bonded-mirrored-san: noUnnecessaryFence');
    expect(md).toContain('- at 10 s: storage node sanA is hard power-cycled\n- ⇒ h1 fenced at 85 s');
    expect(md).toContain('```sh\nnpx hafault replay out/t.json --timeline\n```');
  });

  it('a run that never settles: the headline names it with exit 5 and the finding says why there is no verdict', () => {
    const md = gateSummary({
      ...base,
      exitCode: 5,
      suites: [
        suite('k/p', [
          {
            name: 'p',
            outcome: 'error',
            message: 'p cannot be judged',
            details: [
              'the run never settles (a model that oscillates), on this schedule:',
              'at 10 s: host h1 loses power',
            ],
            command: 'npx hafault run --model k',
          },
        ]),
      ],
    });
    expect(md).toMatch(/⚠️ \*\*1 run never settles\*\*.*exit 5/);
    expect(md).toContain(
      '### ⚠️ k/p: p\n\n- the run never settles (a model that oscillates), on this schedule:\n- at 10 s: host h1 loses power\n',
    );
    expect(md).toContain('```sh\nnpx hafault run --model k\n```');
  });

  it('a name cannot break the table or inject markup', () => {
    expect(mdText('a|b <img src=x> *c*\nd')).toBe('a\\|b \\<img src=x\\> \\*c\\* d');
    const md = gateSummary({ ...base, exitCode: 0, suites: [suite('m/x|y', [{ name: 'p', outcome: 'passed' }])] });
    expect(md).toContain('| m/x\\|y | holds |');
  });
});
