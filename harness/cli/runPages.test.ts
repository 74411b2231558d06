// `run --html OUT` with several settings: a page per setting, named and titled by it, and the
// `wrote` lines naming them; and the schedule-size phrase the terminal and the pages share.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scheduleSize } from '../../reports/scheduleSize.js';
import { htmlPaths, runPlan, type RunFlags } from './run.js';
import { tracePage } from '../../reports/html/tracePage.js';
import { Simulation } from '../engine/simulator.js';
import { target } from '../runners/testing.js';
import { targetTraceFile } from './traceOutput.js';

const root = join(import.meta.dirname, '..', '..');
const plan = join(root, 'examples/plans/seed-004-hard-powercycle.plan');

describe('run --html page names', () => {
  it('one run: the page is OUT itself', () => {
    expect(htmlPaths('/x/out.html', [{ timeoutMs: '30s' }])).toEqual(['/x/out.html']);
  });

  it('several runs: each named by its settings, made safe for a file name', () => {
    expect(htmlPaths('/x/out.html', [{ timeoutMs: '30s' }, { timeoutMs: '60s' }])).toEqual([
      '/x/out.timeoutMs=30s.html',
      '/x/out.timeoutMs=60s.html',
    ]);
    expect(
      htmlPaths('/x/report', [
        { a: '1', b: 'x' },
        { a: '2', b: 'x' },
      ]),
    ).toEqual(['/x/report.a=1,b=x.html', '/x/report.a=2,b=x.html']);
    // A slash would leave the folder: it becomes `_`; two values made alike keep their run's number.
    expect(htmlPaths('out.htm', [{ p: 'a/b' }, { p: 'a\\b' }, { p: 'c' }])).toEqual([
      'out.p=a_b.1.html',
      'out.p=a_b.2.html',
      'out.p=c.html',
    ]);
  });

  it('a real run of two settings writes out.timeoutMs=30s.html and out.timeoutMs=60s.html, titled by their setting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hafault-runpages-'));
    const flags: RunFlags = {
      model: 'xenserver-ha',
      preset: 'bonded-mirrored-san',
      set: ['timeoutMs=30s,60s'],
      step: [],
      plan,
      html: join(dir, 'out.html'),
      out: join(dir, 'hafault-out'),
    };
    let text = '';
    runPlan(flags, (s) => (text += s));
    const pages = readdirSync(dir)
      .filter((f) => f.endsWith('.html'))
      .sort();
    expect(pages).toEqual(['out.timeoutMs=30s.html', 'out.timeoutMs=60s.html']);
    for (const [page, setting] of [
      ['out.timeoutMs=30s.html', 'timeoutMs=30s'],
      ['out.timeoutMs=60s.html', 'timeoutMs=60s'],
    ]) {
      const html = readFileSync(join(dir, page), 'utf8');
      expect(html).toMatch(new RegExp(`<title>[^<]*· ${setting}</title>`));
      expect(html).toMatch(new RegExp(`<h1>[^<]*· ${setting}</h1>`));
      expect(text).toContain(`wrote ${join(dir, page)}\n`);
    }
    expect(existsSync(join(dir, 'out.1.html'))).toBe(false);
  });
});

describe('schedule size, said alike in the terminal and on the pages', () => {
  it('counts faults, repairs and operator steps apart', () => {
    expect(scheduleSize([{ fault: 'host-crash' }])).toBe('1 fault');
    expect(scheduleSize([{ fault: 'host-crash' }, { fault: 'switch-down' }])).toBe('2 faults');
    expect(scheduleSize([{ fault: 'nic-down' }, { fault: 'nic-up' }])).toBe('1 fault + 1 repair');
    expect(scheduleSize([])).toBe('0 faults');
    expect(scheduleSize([{ fault: 'operator-step' }, { fault: 'operator-step' }])).toBe('2 operator steps');
  });

  it('a trace page of a fault and its repair says "1 fault + 1 repair", as the terminal does (it said "2 faults")', () => {
    const t = target('xenserver-ha', 'two-host');
    const nic = t.compiled.nics[0].id;
    const schedule = [
      { at: 10_000, fault: 'nic-down' as const, target: nic },
      { at: 40_000, fault: 'nic-up' as const, target: nic },
    ];
    const run = new Simulation(t.model, t.compiled, t.config).run(schedule, { level: 'full' });
    const file = targetTraceFile(t, run, schedule, t.model.properties);
    const html = tracePage({
      file,
      entries: run.entries,
      violations: [],
      hosts: run.meta.hosts,
      endMs: run.meta.endMs,
    });
    expect(html).toMatch(/<\/span> 1 fault \+ 1 repair · run of /);
  });
});
