// `hafault spof` as a user meets it: the exit code, the JSON object, and the markdown and HTML
// reports, which must tell the same story (the same SPOFs, the same kind of finding for each), with
// the verdict first. The HTML page opens in headless chromium without a console message.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { ensureChromium, openHeadless, pixelStats } from './html/headless.js';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const hafault = (...args: string[]) =>
  spawnSync(tsx, [join(root, 'harness/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });

interface JsonEntry {
  component: string;
  kind: string;
  findingKinds: string[];
  broken: string[];
  fenced: number;
  findings: { property: string; kind: string; fault: string }[];
}
interface JsonResult {
  model: string;
  preset: string | null;
  topology: string | null;
  verdict: string;
  spofs: { component: string; kind: string; findingKinds: string[] }[];
  entries: JsonEntry[];
}

/** The markdown table as component → cells (component, kind, finding, breaks, …). */
function tableRows(md: string): Map<string, string[]> {
  const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| component'));
  return new Map(rows.map((l) => l.slice(2, -2).split(' | ')).map((cells) => [cells[0], cells]));
}

/** The names in the verdict sentence that starts with `start`. */
function namesAfter(text: string, start: string, quote: RegExp): string[] {
  const line = text.split('\n').find((l) => l.includes(start)) ?? '';
  return [...line.matchAll(quote)].map((m) => m[1]);
}

describe('spof CLI on one switch and one SAN (examples/spof/one-switch-one-san.yaml)', () => {
  const out = mkdtempSync(join(tmpdir(), 'hafault-spof-'));
  let r: ReturnType<typeof hafault>;
  let result: JsonResult;
  let md: string;
  let html: string;
  beforeAll(() => {
    r = hafault('spof', '--topology', 'examples/spof/one-switch-one-san.yaml', '--json', '--out', out);
    result = (JSON.parse(r.stdout) as { results: JsonResult[] }).results[0];
    md = readFileSync(join(out, 'spof.xenserver-ha.one-switch-one-san.md'), 'utf8');
    html = readFileSync(join(out, 'spof.xenserver-ha.one-switch-one-san.html'), 'utf8');
  });

  it('exits 1 and prints one object: {results: [{model, preset, topology, spofs, entries, …}]}', () => {
    expect(r.status).toBe(1);
    expect(Object.keys(JSON.parse(r.stdout))).toEqual(['results']);
    expect(result).toMatchObject({ model: 'xenserver-ha', preset: null, topology: 'one-switch-one-san' });
    expect(result.spofs.slice(0, 2)).toEqual([
      { component: 'sw1', kind: 'switch', findingKinds: ['design'] },
      { component: 'san1', kind: 'storage node', findingKinds: ['design'] },
    ]);
  });

  it('the markdown headline names the switch and the SAN as what the design cannot survive, and agrees with the JSON', () => {
    const design = result.spofs.filter((s) => s.findingKinds.includes('design')).map((s) => s.component);
    const software = result.spofs.filter((s) => s.findingKinds.some((k) => k !== 'design')).map((s) => s.component);
    expect(md).toMatch(
      new RegExp(
        `^\\*\\*${result.spofs.length} single points of failure among ${result.entries.length} components: sw1, san1, .*\\.\\*\\*$`,
        'm',
      ),
    );
    expect(namesAfter(md, 'The design cannot survive', /`([^`]+)`/g)).toEqual(design.slice(0, 10));
    expect(namesAfter(md, 'The HA software did the wrong thing on', /`([^`]+)`/g)).toEqual(software.slice(0, 10));
    expect(design.slice(0, 2)).toEqual(['sw1', 'san1']);
    // The headline comes before the table.
    expect(md.indexOf('The design cannot survive')).toBeLessThan(md.indexOf('| component |'));
  });

  it('the markdown table says the kind of finding of every SPOF, as the JSON does', () => {
    const rows = tableRows(md);
    expect(rows.get('sw1')!.slice(0, 4)).toEqual(['sw1', 'switch', 'design', 'servicesSurvive']);
    expect(rows.get('san1')!.slice(0, 4)).toEqual(['san1', 'storage node', 'design', 'servicesSurvive']);
    for (const s of result.spofs) {
      const finding = rows.get(s.component)![2];
      expect(finding.startsWith('design'), s.component).toBe(s.findingKinds.includes('design'));
      for (const k of ['safety', 'liveness'])
        expect(finding.includes(k), `${s.component} ${k}`).toBe(s.findingKinds.includes(k));
    }
    const notSpofs = [...rows.values()].filter((cells) => !result.spofs.some((s) => s.component === cells[0]));
    expect(notSpofs.length).toBeGreaterThan(0);
    expect(notSpofs.every((cells) => cells[2] === '—' && cells[3] === 'none')).toBe(true);
  });

  it('the HTML page: the shared shell (CSP), the verdict first, the table, and why each SPOF is one', () => {
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    const verdict = html.indexOf('id="verdict"');
    expect(verdict).toBeGreaterThan(0);
    expect(verdict).toBeLessThan(html.indexOf('<table'));
    const card = html.slice(verdict, html.indexOf('</div>', verdict));
    expect(card).toContain(
      `<strong>${result.spofs.length} single points of failure among ${result.entries.length} components: sw1, san1, `,
    );
    const designSentence = card.split('<p>').find((p) => p.startsWith('The design cannot survive'))!;
    expect(designSentence).toContain('<code>sw1</code>, <code>san1</code>');
    for (const s of result.spofs) {
      expect(html, s.component).toContain(
        `<tr data-component="${s.component}" data-finding="${s.findingKinds.join(' ')}">`,
      );
      expect(html, s.component).toContain(
        `<div class="card spof" data-component="${s.component}" data-finding="${s.findingKinds.join(' ')}">`,
      );
    }
    const why = html.slice(html.indexOf('data-component="san1" data-finding="design"><strong>'));
    expect(why.slice(0, why.indexOf('</div>'))).toMatch(
      /<b>What failed:<\/b> Storage node san1 is lost \(stopped, never started again\) at [^<]+\.<\/p><p><b>What went wrong:<\/b> vm-h\d down since [^<]+<\/p><p><b>Which property:<\/b> servicesSurvive breaks: the design cannot survive this/,
    );
  });

  it("links each finding to its run's page and trace file under --out, relative and URL-encoded, and each trace replays its finding", () => {
    const findings = result.entries.flatMap((e) => e.findings.map((f) => ({ component: e.component, ...f })));
    expect(findings.length).toBeGreaterThan(2);
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toHaveLength(2 * findings.length);
    for (const link of links) {
      expect(link, link).not.toMatch(/^(\/|[a-z]+:)/);
      expect(existsSync(join(out, decodeURIComponent(link))), link).toBe(true);
    }
    for (const f of findings) {
      const stem = `xenserver-ha.one-switch-one-san.spof.${f.component}.${f.property}`;
      expect(links, stem).toContain(`html/${encodeURIComponent(stem)}.html`);
      expect(links, stem).toContain(`traces/${encodeURIComponent(stem)}.json`);
      expect(md, stem).toContain(`[trace](traces/${encodeURIComponent(stem)}.json)`);
    }
    const sw1 = join(out, 'traces', 'xenserver-ha.one-switch-one-san.spof.sw1.servicesSurvive.json');
    const trace = JSON.parse(readFileSync(sw1, 'utf8')) as {
      schedule: { target: string }[];
      violations: { property: string }[];
    };
    expect(trace.schedule.map((s) => s.target)).toEqual(['sw1']);
    expect(trace.violations.map((v) => v.property)).toEqual(['servicesSurvive']);
    const replay = hafault('replay', sw1);
    expect(replay.status, replay.stderr).toBe(1);
  });

  it('opens in headless chromium without a console message (CSP meta present), not blank, headline first; a finding page too', (ctx: TestContext) => {
    const found = ensureChromium();
    if (!('path' in found)) ctx.skip();
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    expect(html).not.toMatch(/<script|<link |@import|url\(http/);
    const shot = openHeadless(found.path, join(out, 'spof.xenserver-ha.one-switch-one-san.html'), 1400, 1000);
    expect(shot.console).toEqual([]);
    expect(pixelStats(shot.png).variance).toBeGreaterThan(100);
    expect(shot.dom).toContain('The design cannot survive');
    expect(shot.dom.indexOf('id="verdict"')).toBeLessThan(shot.dom.indexOf('<table'));
    const page = join(out, 'html', 'xenserver-ha.one-switch-one-san.spof.sw1.servicesSurvive.html');
    const finding = openHeadless(found.path, page);
    expect(finding.console).toEqual([]);
    expect(finding.dom).toContain('switch sw1 fails');
  });
});

describe("spof CLI on the seed's pools", () => {
  it("single-switch: sw1 is the HA software's finding, stsw/vmsw/san1 the design's, in the JSON and the table", () => {
    const out = mkdtempSync(join(tmpdir(), 'hafault-spof-'));
    const r = hafault('spof', '--topology', 'examples/xenserver-ha/single-switch.yaml', '--json', '--out', out);
    expect(r.status).toBe(1);
    const [result] = (JSON.parse(r.stdout) as { results: JsonResult[] }).results;
    const sw1 = result.entries.find((e) => e.component === 'sw1')!;
    expect(sw1).toMatchObject({ kind: 'switch', findingKinds: ['safety'], broken: ['noUnnecessaryFence'], fenced: 2 });
    const design = result.spofs.filter((s) => s.findingKinds.includes('design')).map((s) => s.component);
    expect(design).toEqual(expect.arrayContaining(['stsw', 'vmsw', 'san1']));
    const md = readFileSync(join(out, 'spof.xenserver-ha.single-switch.md'), 'utf8');
    expect(md).toMatch(/^\| sw1 \| switch \| HA software \(safety\) \| noUnnecessaryFence \| 2 \(h2, h3\) \|/m);
    expect(md).toMatch(/^\| stsw \| switch \| design \| servicesSurvive \|/m);
  });

  it("the bonded pool's report names bonds, not NICs or switches", () => {
    const r = hafault('spof', '--model', 'xenserver-ha', '--preset', 'bonded');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^# Single points of failure: xenserver-ha\/bonded/);
    expect(r.stdout).toMatch(/^\| h1\.bond0 \| bond \| HA software \(safety\) \|/m);
    expect(r.stdout).not.toMatch(/^\| (sw1|sw2|h\d\.(mgmt|vm|st)\d) \|[^\n]*noUnnecessaryFence/m);
  });

  it('exit 0 when no component is a SPOF for the properties judged, and the headline says servicesSurvive was not judged', () => {
    const r = hafault('spof', '--model', 'xenserver-ha', '--preset', 'bonded', '--property', 'noDualActive', '--json');
    expect(r.status).toBe(0);
    const [result] = (JSON.parse(r.stdout) as { results: JsonResult[] }).results;
    expect(result.spofs).toEqual([]);
    expect(result.verdict).toMatch(
      /^No single point of failure among \d+ components for the properties judged \(servicesSurvive.*not judged/,
    );
  });

  it('several targets: one result per preset in the same object', () => {
    const r = hafault('spof', '--model', 'xenserver-ha', '--json');
    expect(r.status).toBe(1);
    const { results } = JSON.parse(r.stdout) as { results: JsonResult[] };
    expect(results.map((x) => x.preset)).toEqual([
      'two-host',
      'single-switch',
      'bonded',
      'bonded-mirrored-san',
      'bonded-capacity',
    ]);
  });
});
