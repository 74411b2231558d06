// `hafault run`: seed 004's procedure as a plan, and every way a plan can be wrong.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planJson, rehearse, runPlan, type RunFlags } from '../../cli/run.js';
import { target } from '../testing.js';
import { checkPlan, readPlan } from './load.js';
import { parsePlanText } from './parseText.js';
import { PlanError, planLine } from './types.js';

const root = join(import.meta.dirname, '..', '..', '..');
const hardPlan = join(root, 'examples/plans/seed-004-hard-powercycle.plan');
const base: RunFlags = { model: 'xenserver-ha', preset: 'bonded-mirrored-san', set: [], step: [] };

/** Fences per power-cycled node: those after sanA's cycle and before sanB's, and those after sanB's. */
function fencesBySide(flags: RunFlags) {
  return rehearse(flags).map((r) => {
    const [a, b] = r.result.stepTimes.map((s) => s.at);
    const fences = r.result.run.entries.filter((e) => e.type === 'fence').map((e) => e.at);
    return {
      T: r.values.timeoutMs,
      sanA: fences.filter((t) => t >= a && t < b).length,
      sanB: fences.filter((t) => t >= b).length,
      waits: r.result.waits.map((w) => w.endedAt !== null),
    };
  });
}

describe("seed 004's procedure as a plan (bonded-mirrored-san)", () => {
  it('seed-2009: hosts fence at T = 30, 60 and 90 s, none at 120 s, for sanA and for sanB', () => {
    const rows = fencesBySide({ ...base, plan: hardPlan, set: ['profile=seed-2009', 'timeoutMs=30s,60s,90s,120s'] });
    expect(rows).toEqual([
      { T: '30s', sanA: 3, sanB: 3, waits: [true, true] },
      { T: '60s', sanA: 3, sanB: 3, waits: [true, true] },
      { T: '90s', sanA: 3, sanB: 3, waits: [true, true] },
      { T: '120s', sanA: 0, sanB: 0, waits: [true, true] },
    ]);
  });

  it('xha follows its own rule, the statefile watchdog T + 15 s: T = 90 s survives a 100 s failover that seed-2009 does not', () => {
    const xha = fencesBySide({
      ...base,
      plan: hardPlan,
      set: ['profile=xha', 'hardFailoverMs=100s', 'timeoutMs=60s,90s,120s'],
    });
    expect(xha.map((r) => [r.T, r.sanA, r.sanB])).toEqual([
      ['60s', 3, 3],
      ['90s', 0, 0],
      ['120s', 0, 0],
    ]);
    const seed = fencesBySide({
      ...base,
      plan: hardPlan,
      set: ['profile=seed-2009', 'hardFailoverMs=100s', 'timeoutMs=90s'],
    });
    expect(seed.map((r) => [r.sanA, r.sanB])).toEqual([[3, 3]]);
  });

  it('a clean stop instead of a hard power-cycle: no fence at 30 s', () => {
    const rows = fencesBySide({
      ...base,
      plan: join(root, 'examples/plans/seed-004-clean-stop.plan'),
      set: ['profile=seed-2009', 'timeoutMs=30s'],
    });
    const [report] = rehearse({
      ...base,
      plan: join(root, 'examples/plans/seed-004-clean-stop.plan'),
      set: ['profile=seed-2009', 'timeoutMs=30s'],
    });
    expect(report.result.run.entries.filter((e) => e.type === 'fence')).toEqual([]);
    expect(report.violations).toEqual([]);
    expect(rows[0].waits).toEqual([true, true]);
  });

  it('the YAML plan means the same as the text plan', () => {
    const flags = { ...base, set: ['profile=seed-2009', 'timeoutMs=60s'] };
    const withoutLines = (json: ReturnType<typeof planJson>) =>
      json.runs.map((r) => ({ ...r, waits: r.waits.map(({ line: _line, ...w }) => w) }));
    const text = withoutLines(planJson(rehearse({ ...flags, plan: hardPlan })));
    const yaml = withoutLines(
      planJson(rehearse({ ...flags, plan: join(root, 'examples/plans/seed-004-hard-powercycle.yaml') })),
    );
    expect(yaml).toEqual(text);
    expect(text[0].fences.length).toBe(6);
  });

  it('--json has the documented shape', () => {
    const json = planJson(rehearse({ ...base, plan: hardPlan, set: ['timeoutMs=60s'] }));
    const run = json.runs[0];
    expect(Object.keys(run)).toEqual(['values', 'events', 'fences', 'violations', 'waits', 'finalRoles', 'metrics']);
    expect(run.events[0]).toEqual({ at: 10_000, component: 'sanA', what: 'storage node sanA is hard power-cycled' });
    expect(run.fences[0]).toMatchObject({ host: 'h1', necessary: false });
    expect(run.violations[0]).toMatchObject({
      property: 'noUnnecessaryFence',
      detail: expect.stringContaining('h1 fenced'),
    });
    expect(run.finalRoles).toEqual({ h1: 'live', h2: 'live', h3: 'live' });
    expect(run.metrics.unnecessaryFences).toBe(6);
  });

  it('runs on a topology file exactly as on the preset it describes', () => {
    const flags = { set: ['profile=seed-2009', 'timeoutMs=60s'], step: [], plan: hardPlan };
    const fromFile = planJson(
      rehearse({ ...flags, topology: join(root, 'examples/xenserver-ha/bonded-mirrored-san.yaml') }),
    );
    expect(fromFile).toEqual(planJson(rehearse({ ...base, ...flags })));
  });

  it('--html writes one self-contained page per run, with a lane per host', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-html-'));
    const out = join(dir, 'report.html');
    let printed = '';
    runPlan({ ...base, plan: hardPlan, set: ['timeoutMs=60s,120s'], html: out }, (s) => (printed += s));
    expect(printed).toContain(`wrote ${join(dir, 'report.timeoutMs=60s.html')}`);
    const page = readFileSync(join(dir, 'report.timeoutMs=60s.html'), 'utf8');
    for (const host of ['h1', 'h2', 'h3']) expect(page).toContain(`>${host}<`);
    expect(page).toContain('noUnnecessaryFence');
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
    expect(readFileSync(join(dir, 'report.timeoutMs=120s.html'), 'utf8')).not.toContain('✗ noUnnecessaryFence');
  });

  it('reports a wait that runs out of time with what is still not healthy', () => {
    const [r] = rehearse({ ...base, step: ['at 10s: storage-hard-powercycle sanA', 'wait until healthy within 1m'] });
    expect(r.result.waits[0].endedAt).toBeNull();
    expect(r.result.waits[0].pending).toContain('storage node sanA is down');
  });
});

function problems(lines: string[], settings = {}): string[] {
  const { plan, problems: parse } = parsePlanText(lines.join('\n'), 'p.plan');
  if (parse.length > 0) return parse.map(planLine);
  try {
    checkPlan(plan, target('xenserver-ha', 'bonded-mirrored-san', settings));
    return [];
  } catch (error) {
    return (error as PlanError).problems.map(planLine);
  }
}

describe('bad plans: one problem per line, at its line and column', () => {
  it('an unknown target, with a close match', () => {
    expect(problems(['# header', 'at 10s: storage-hard-powercycle sanC'])).toEqual([
      expect.stringMatching(
        /^p\.plan:2:33: `at 10s: storage-hard-powercycle sanC`: unknown target `sanC` for storage-hard-powercycle; did you mean `sanA`\?/,
      ),
    ]);
  });
  it('an unknown fault, with a close match', () => {
    expect(problems(['at 10s: storage-hard-powercylce sanA'])).toEqual([
      expect.stringMatching(
        /^p\.plan:1:9: .*unknown fault `storage-hard-powercylce`; did you mean `storage-hard-powercycle`\?/,
      ),
    ]);
  });
  it('times out of order', () => {
    expect(problems(['at 60s: nic-down h1.mgmt0', 'at 30s: nic-up h1.mgmt0'])).toEqual([
      expect.stringMatching(/^p\.plan:2:1: .*time 30 s is before the previous step \(60 s\)/),
    ]);
  });
  it('an absolute time after a wait', () => {
    expect(
      problems([
        'at 10s: storage-clean-stop sanA',
        'at 20s: storage-clean-start sanA',
        'wait until healthy',
        'at 5m: host-crash h1',
      ]),
    ).toEqual([
      expect.stringMatching(/^p\.plan:4:1: .*absolute time after `wait until healthy`.*\+30s: host-crash h1/),
    ]);
  });
  it('a wait that can never end', () => {
    expect(problems(['at 10s: host-crash h2', 'wait until healthy'])).toEqual([
      expect.stringMatching(
        /^p\.plan:2:1: `wait until healthy` can never end: line 1 \(`at 10s: host-crash h2`\) is never undone; add `host-boot h2` before it/,
      ),
    ]);
    expect(problems(['at 10s: host-crash h2', '+1m: host-boot h2', 'wait until healthy'])).toEqual([]);
  });
  it('a plan past a week of simulated time (waits at their longest): refused at the step that crosses it', () => {
    expect(problems(['at 9007199254740991ms: host-crash h2', '+1s: host-boot h2'])).toEqual([
      expect.stringMatching(/^p\.plan:1:1: .*reaches 9007199254741 s here.*at most 604800 s of simulated time/),
    ]);
    expect(
      problems([
        'at 144h: host-crash h2',
        '+1m: host-boot h2',
        'wait until healthy within 23h',
        'wait until healthy within 2h',
      ]),
    ).toEqual([expect.stringMatching(/^p\.plan:4:1: `wait until healthy within 2h`: the plan reaches 608460 s here/)]);
    expect(problems(['at 144h: host-crash h2', '+1m: host-boot h2', 'wait until healthy within 23h'])).toEqual([]);
  });
  it('malformed lines: a bad duration, a missing target, a bad wait', () => {
    expect(problems(['at soon: host-crash h1', 'host-crash', 'wait for it'])).toEqual([
      expect.stringMatching(/^p\.plan:1:4: .*expected a duration like 10s/),
      expect.stringMatching(/^p\.plan:2:11: .*expected a target after `host-crash`/),
      expect.stringMatching(/^p\.plan:3:1: .*expected `wait until healthy`/),
    ]);
  });
  it('YAML: the step index and line of a bad field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(
      file,
      'steps:\n  - { at: 10s, fault: host-crash, target: h1 }\n  - { at: 20s, fault: melt, target: h1 }\n',
    );
    expect(() => readPlan(file)).toThrow(/p\.yaml:3:23: steps\[1\]\.fault: unknown fault `melt`/);
  });
  it('through the CLI: exit 2 and no stack trace', () => {
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const r = spawnSync(
      tsx,
      [
        join(root, 'harness/cli/main.ts'),
        'run',
        '--model',
        'xenserver-ha',
        '--preset',
        'bonded-mirrored-san',
        '--step',
        'at 10s: switch-down sw9',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /hafault run: --step:1:21: `at 10s: switch-down sw9`: unknown target `sw9` for switch-down; did you mean `sw1`\?/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
