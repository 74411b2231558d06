// sweep.md: the sweep as GitHub-flavoured markdown, ready to append to a CI job summary
// (`cat sweep.md >> "$GITHUB_STEP_SUMMARY"`).
import { labelOf } from '../harness/runners/sweep/settings.js';
import type { SweepResult } from '../harness/runners/sweep/summary.js';
import { formatMs } from '../harness/engine/time.js';
import { rateText, regressionCell, settingName, TIMES_HEADER, timesRows } from './sweepFormat.js';
import { comparesSafety, recommendationLines, sweepHeadline } from './sweepTable.js';

const cell = (s: string) => s.replace(/\|/g, '\\|');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

/** The schedules that flip between neighbouring settings, a bullet each (none: no section). */
function flipLines(r: SweepResult): string[] {
  if (r.flips.length === 0) return [];
  const out = ['', '### Schedules that flip between neighbouring settings', ''];
  for (const f of r.flips) {
    const env = Object.entries(f.shortest.environment)
      .map(([k, v]) => `${k} = ${formatMs(v)}`)
      .join(', ');
    out.push(
      `- **${labelOf(f.from)} → ${labelOf(f.to)}**: \`${f.property}\` ${f.direction} on ${f.schedules} of ${r.plan.runs} schedules; shortest: ${f.shortest.story.join('; ')}${env ? ` (${env})` : ''}`,
    );
  }
  return out;
}

export function sweepMarkdown(r: SweepResult, threads: number, command: string): string {
  const props = r.plan.properties;
  const [headline, ...rest] = sweepHeadline(r, threads);
  const out = [
    `## ${headline.replace(/^hafault sweep: /, 'hafault sweep — ')}`,
    '',
    ...rest.map((l) => `${l}  `),
    '',
    `\`${command}\``,
    '',
  ];
  const rec = recommendationLines(r);
  if (rec.length > 0)
    out.push(
      `**${rec[0].replace(/^recommendation/, 'Recommendation')}**`,
      '',
      ...rec.slice(1).map((l) => `- ${l.trim()}`),
      ...(rec.length > 1 ? [''] : []),
    );
  const vsDefault = comparesSafety(r);
  out.push('### Violation rate (95% Wilson interval)', '');
  out.push(
    ...table(
      ['setting', 'runs', ...props, ...(vsDefault ? ['safety vs default'] : [])],
      r.settings.map((s) => [
        settingName(s),
        String(s.runs),
        ...props.map((p) =>
          s.properties[p].violations > 0 ? `❌ ${rateText(s.properties[p])}` : `✅ ${rateText(s.properties[p])}`,
        ),
        ...(vsDefault ? [`${s.regressions.length > 0 ? '⚠️ ' : ''}${regressionCell(s)}`] : []),
      ]),
    ),
  );
  out.push(
    '',
    '### Times (p50 / p95 / max) and fences per run',
    '',
    'Restore times cover restored outages only; *real outages* counts them and the ones still open when the run ended.',
    '',
  );
  out.push(
    ...table(
      [...TIMES_HEADER],
      timesRows(r, (t) => `⚠️ ${t}`),
    ),
  );
  out.push(...flipLines(r));
  return out.join('\n') + '\n';
}
