// The HTML reports in a real browser (Debian's chromium, headless): each page loads without a
// console message (its Content-Security-Policy turns any network fetch into one), renders something
// that is not blank, and draws one swimlane per host of the topology. Negative controls show that
// the checks can fail. Skipped only when chromium cannot be installed here, and then loudly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { makeTraceFile } from '../../harness/runners/replay.js';
import { handBuiltSweep } from '../../harness/runners/sweep/handBuilt.js';
import { parseSweepSets } from '../../harness/runners/sweep/settings.js';
import { planSweep, runSweep } from '../../harness/runners/sweep/sweep.js';
import { search, target } from '../../harness/runners/testing.js';
import { ensureChromium, openHeadless, pixelStats } from './headless.js';
import { page } from './page.js';
import { sweepPage } from './sweepPage.js';
import { tracePage } from './tracePage.js';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'hafault-html-'));
let chromium: string | null = null;

beforeAll(() => {
  const found = ensureChromium();
  if ('path' in found) chromium = found.path;
  else {
    const bar = '!'.repeat(100);
    console.warn(
      `\n${bar}\n!!! HTML REPORT TESTS SKIPPED: ${found.reason}.\n!!! Install Debian's chromium (apt-get install -y chromium) to run them; .ci/run does.\n${bar}\n`,
    );
  }
}, 600_000);

function browser(ctx: TestContext): string {
  if (chromium === null) ctx.skip();
  return chromium;
}

function tracePageOf(presetName: string, settings: Record<string, string>) {
  const t = target('xenserver-ha', presetName, settings);
  const r = search(t, 'noUnnecessaryFence');
  const ce = r.counterexample!;
  const file = makeTraceFile({
    model: t.model,
    preset: presetName,
    topology: t.topology,
    config: t.config,
    search: { seed: ce.seed, path: ce.path, runs: 100 },
    properties: ['noUnnecessaryFence'],
    schedule: ce.schedule,
    run: ce.run,
  });
  return {
    t,
    html: tracePage({
      file,
      entries: ce.run.entries,
      violations: file.violations,
      hosts: ce.run.meta.hosts,
      endMs: ce.run.meta.endMs,
      replay: 'npx hafault replay x.json',
    }),
  };
}

const count = (dom: string, needle: string) => dom.split(needle).length - 1;

function expectClean(shot: ReturnType<typeof openHeadless>) {
  expect(shot.console).toEqual([]);
  const pixels = pixelStats(shot.png);
  expect(pixels.width).toBeGreaterThan(500);
  expect(pixels.variance).toBeGreaterThan(100);
  expect(pixels.colours).toBeGreaterThan(20);
}

describe('HTML reports in headless chromium', () => {
  it('trace page (mirrored SAN): no console message, not blank; one lane per host, per storage node, per multipath agent', (ctx) => {
    const path = join(dir, 'trace-mirrored.html');
    writeFileSync(path, tracePageOf('bonded-mirrored-san', {}).html);
    const shot = openHeadless(browser(ctx), path);
    expectClean(shot);
    expect(count(shot.dom, 'class="lane" data-kind="host"')).toBe(3);
    for (const h of ['h1', 'h2', 'h3']) expect(shot.dom).toContain(`data-kind="host" data-agent="${h}"`);
    expect(count(shot.dom, 'class="lane" data-kind="storage"')).toBe(2);
    expect(count(shot.dom, 'class="lane" data-kind="multipath"')).toBe(3);
    expect(count(shot.dom, 'class="violation"')).toBe(1);
    expect(count(shot.dom, 'class="fence"')).toBeGreaterThan(0);
    expect(shot.dom).toContain('storage node sanA is hard power-cycled');
  });

  it('trace page (two hosts): the lanes follow the topology', (ctx) => {
    const path = join(dir, 'trace-two-host.html');
    writeFileSync(path, tracePageOf('two-host', { profile: 'seed-2009' }).html);
    const shot = openHeadless(browser(ctx), path);
    expectClean(shot);
    expect(count(shot.dom, 'class="lane" data-kind="host"')).toBe(2);
    expect(count(shot.dom, 'class="lane" data-kind="storage"')).toBe(1);
  });

  it('sweep page: charts as inline SVG, no console message, not blank', async (ctx) => {
    const model = target('xenserver-ha', 'bonded-mirrored-san').model;
    const preset = model.presets.find((p) => p.name === 'bonded-mirrored-san')!;
    const plan = planSweep({
      model,
      preset,
      settings: parseSweepSets(model, ['profile=seed-2009', 'hardFailoverMs=90s..120s', 'timeoutMs=30s,60s,90s,120s']),
      properties: model.properties,
      kinds: ['host-crash', 'storage-hard-powercycle'],
      maxFaults: 1,
      repairs: true,
      runs: 60,
      seed: 1,
      baseline: true,
    });
    const result = await runSweep(plan, { threads: 1, recommend: 'noUnnecessaryFence' });
    const path = join(dir, 'sweep.html');
    writeFileSync(path, sweepPage(result, { threads: 1, command: 'npx hafault sweep …' }));
    const shot = openHeadless(browser(ctx), path, 1300, 1400);
    expectClean(shot);
    expect(count(shot.dom, 'class="chart"')).toBeGreaterThanOrEqual(3);
    expect(count(shot.dom, 'class="rate"')).toBeGreaterThanOrEqual(4);
    expect(shot.dom).toContain('Set timeoutMs=120 s');
  });

  it('sweep page, hand-built: a setting passed over for a safety regression is named; outages left open are counted and drawn', (ctx) => {
    const base = {
      timeoutMs: 60_000,
      isDefault: true,
      violations: { noUnnecessaryFence: 126 },
      restoreMs: [116_000, 119_000],
    };
    const dual = { timeoutMs: 120_000, violations: { noDualActive: 3 }, restoreMs: [178_000, 185_000] };
    const open = { timeoutMs: 180_000, restoreMs: [238_000, 245_000], unrestored: 2 };
    const path = join(dir, 'sweep-hand-built.html');
    writeFileSync(
      path,
      sweepPage(handBuiltSweep([base, dual, open], 'noUnnecessaryFence'), {
        threads: 1,
        command: 'npx hafault sweep …',
      }),
    );
    const shot = openHeadless(browser(ctx), path, 1300, 1400);
    expectClean(shot);
    expect(shot.dom).toContain('Set timeoutMs=180 s');
    expect(shot.dom).toContain(
      'passed over: timeoutMs=120 s clears noUnnecessaryFence but makes noDualActive worse: 3 of 1000 runs vs 0 at the default',
    );
    expect(count(shot.dom, 'class="bad regression"')).toBe(1);
    expect(shot.dom).toContain('2 restored · 2 open');
    expect(shot.dom).toContain('2 restored · 0 open');
    expect(count(shot.dom, '<g class="open">')).toBe(1);
    expect(shot.dom).toMatch(/<td class="outages bad">2 restored, 2 open<\/td>/);
    expect(shot.dom).toContain(
      'not like for like: 2 of 4 real outages restored at timeoutMs=180 s, 2 of 2 at the default',
    );
    const none = join(dir, 'sweep-hand-built-none.html');
    writeFileSync(
      none,
      sweepPage(handBuiltSweep([base, dual], 'noUnnecessaryFence'), {
        threads: 1,
        command: 'npx hafault sweep …',
      }),
    );
    const noneShot = openHeadless(browser(ctx), none, 1300, 1400);
    expectClean(noneShot);
    expect(noneShot.dom).toContain('No setting swept qualifies for noUnnecessaryFence');
    expect(noneShot.dom).toContain(
      'every setting that clears it makes a safety property worse than the default (timeoutMs=60 s)',
    );
  });

  it('check --out writes index.html and a page per counterexample; replay --html writes the page; all open cleanly', (ctx) => {
    const out = join(dir, 'check');
    const check = spawnSync(
      tsx,
      [
        join(root, 'harness/cli/main.ts'),
        'check',
        '--model',
        'xenserver-ha',
        '--preset',
        'two-host',
        '--runs',
        '40',
        '--out',
        out,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(check.status).toBe(1);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    const links = [...index.matchAll(/href="(html\/[^"]+\.html)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(existsSync(join(out, link)), link).toBe(true);
    // The schedule's size in words: the index, each finding's page and the terminal say it alike.
    const cells = [...index.matchAll(/<a href="(html\/[^"]+)">violated<\/a> \(([^)]+)\)/g)].map((m) => [m[1], m[2]]);
    expect(cells.length).toBeGreaterThan(0);
    for (const [link, size] of cells) {
      expect(size).toMatch(/^\d+ faults?( \+ \d+ repairs?)?$/);
      expect(readFileSync(join(out, link), 'utf8'), link).toContain(`${size} · run of`);
    }
    const terminal = [...check.stdout.matchAll(/VIOLATED \(([^)]+)\)/g)].map((m) => m[1]);
    expect(terminal.sort()).toEqual(cells.map(([, size]) => size).sort());
    const trace = join(out, 'traces', 'xenserver-ha.two-host.noUnnecessaryFence.json');
    const replayed = join(dir, 'replayed.html');
    const replay = spawnSync(tsx, [join(root, 'harness/cli/main.ts'), 'replay', trace, '--html', replayed], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(replay.status).toBe(1);
    expect(readFileSync(replayed, 'utf8')).toContain('byte for byte');
    const chrome = browser(ctx);
    expectClean(openHeadless(chrome, join(out, 'index.html')));
    const shot = openHeadless(chrome, replayed);
    expectClean(shot);
    expect(count(shot.dom, 'class="lane" data-kind="host"')).toBe(2);
  });

  it('negative controls: a page that fetches from the network logs to the console; a blank page is blank', (ctx) => {
    const chrome = browser(ctx);
    const fetching = join(dir, 'fetching.html');
    writeFileSync(fetching, page('fetches', '<h1>x</h1><img src="http://example.invalid/chart.png" alt="">'));
    expect(openHeadless(chrome, fetching).console.join('\n')).toMatch(/Content Security Policy/);
    const blank = join(dir, 'blank.html');
    writeFileSync(blank, '<!doctype html><html><body style="background:#fff"></body></html>');
    expect(pixelStats(openHeadless(chrome, blank).png).variance).toBe(0);
  });
});
