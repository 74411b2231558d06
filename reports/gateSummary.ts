// A gate's findings as markdown for a CI job summary (`--summary "$GITHUB_STEP_SUMMARY"`): the
// verdict and what the exit code means, the verdict table, then each finding with its sentences and
// the command that shows it, ready to copy. Every text from a model or a topology file is escaped,
// so a name cannot break the table or inject markup.
import { allCases, gateCounts, type GateCase, type GateOutcome, type GateReport, type GateSuite } from './gate.js';

/** Markdown's inline specials (and `|`, which ends a table cell) backslash-escaped; line breaks flattened. */
export function mdText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function headline(report: GateReport): string {
  const c = gateCounts(allCases(report));
  const judged = `${plural(c.tests, 'check')} (${report.caseUnit})`;
  const unjudged = c.skipped > 0 ? `; ${c.skipped} not judged` : '';
  if (c.errors > 0)
    return `⚠️ **${c.errors === 1 ? '1 run never settles' : `${c.errors} runs never settle`}** (a model oscillates: no verdict on ${c.errors === 1 ? 'it' : 'them'})${c.failures > 0 ? `, and ${plural(c.failures, 'violation')}` : ''}: exit ${report.exitCode}`;
  if (c.failures > 0)
    return `❌ **${plural(c.failures, 'violation')} found** in ${judged}${unjudged}: exit ${report.exitCode}`;
  return `✅ **All hold**: ${judged}${unjudged}: exit ${report.exitCode}`;
}

const CELL: Readonly<Record<GateOutcome, string>> = {
  passed: 'holds',
  failed: '❌ VIOLATED',
  error: '⚠️ NEVER SETTLES',
  skipped: 'not judged',
};

/** Suites × case names, when the names repeat across suites (check, explore); else a count per suite (spof). */
function table(suites: readonly GateSuite[]): string[] {
  const names = [...new Set(suites.flatMap((s) => s.cases.map((c) => c.name)))];
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  if (names.length <= 12) {
    const rows = suites.map((s) =>
      row([mdText(s.name), ...names.map((n) => CELL[s.cases.find((c) => c.name === n)?.outcome ?? 'skipped'])]),
    );
    return [row(['model / preset', ...names.map(mdText)]), row(['---', ...names.map(() => '---')]), ...rows];
  }
  const rows = suites.map((s) => {
    const c = gateCounts(s.cases);
    return row([
      mdText(s.name),
      String(c.tests - c.failures - c.errors - c.skipped),
      String(c.failures),
      String(c.errors),
      String(c.skipped),
    ]);
  });
  return [
    row(['model / preset', 'hold', 'violated', 'never settle', 'not judged']),
    row(['---', '---:', '---:', '---:', '---:']),
    ...rows,
  ];
}

function finding(suite: GateSuite, c: GateCase): string[] {
  const mark = c.outcome === 'failed' ? '❌' : '⚠️';
  return [
    `### ${mark} ${mdText(suite.name)}: ${mdText(c.name)}`,
    '',
    ...(c.details ?? []).map((d) => `- ${mdText(d)}`),
    ...(c.command ? ['', 'See it:', '', '```sh', c.command.replace(/`{3,}/g, ''), '```'] : []),
    '',
  ];
}

export function gateSummary(report: GateReport): string {
  const out = [
    `## ${mdText(report.command)}`,
    '',
    headline(report),
    '',
    mdText(report.search),
    '',
    ...table(report.suites),
    '',
  ];
  for (const suite of report.suites)
    for (const c of suite.cases) if (c.outcome === 'failed' || c.outcome === 'error') out.push(...finding(suite, c));
  return out.join('\n');
}
