// soak.md: the soak as GitHub-flavoured markdown (a CI job summary, or the record of a full run):
// the verdict, one row per target, then every finding with its schedule and replay command.
import {
  cleanCell,
  explainedLines,
  findingLines,
  orderedFindings,
  soakHeadline,
  soakVerdict,
  targetName,
  violationsCell,
  type SoakRun,
} from './soakFormat.js';

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function soakMarkdown(run: SoakRun, command: string): string {
  const { result } = run;
  const [headline, ...rest] = soakHeadline(run);
  const out = [
    `## ${headline.replace(/^hafault soak: /, 'hafault soak — ')}`,
    '',
    ...rest.map((l) => `${l}  `),
    '',
    `\`${command}\``,
    '',
  ];
  out.push(result.cleanFindings > 0 ? `**❌ ${soakVerdict(result)}**` : `**✅ ${soakVerdict(result)}**`, '');
  out.push(
    '| target | README | runs | violations (* on a property the README calls clean) |',
    '| --- | --- | ---: | --- |',
  );
  for (const t of result.targets) {
    const mark = t.findings.some((f) => f.clean) ? '❌ ' : '';
    out.push(
      `| ${mark}${cell(targetName(t.target))} | ${cell(cleanCell(t.target))} | ${t.runs} | ${cell(violationsCell(t))} |`,
    );
  }
  const undecided = result.targets.flatMap((t) =>
    t.properties
      .filter((q) => q.unknown > 0)
      .map((q) => `- ${targetName(t.target)}: \`${q.property}\` undecided in ${q.unknown} runs: ${q.unknownReason}`),
  );
  if (undecided.length > 0) out.push('', '### Undecided verdicts', '', ...undecided);
  const explained = explainedLines(result);
  if (explained.length > 0)
    out.push(
      '',
      '### Explained by documented product behaviour (beyond what the README claims)',
      '',
      ...explained.map((l) => `- ${l}`),
    );
  const findings = orderedFindings(result);
  const sections: [string, typeof findings][] = [
    ['Findings on targets the README calls clean', findings.filter((x) => x.finding.clean)],
    [
      'Other findings (designs the README does not call clean, or properties it does not vouch for)',
      findings.filter((x) => !x.finding.clean),
    ],
  ];
  for (const [title, list] of sections) {
    if (list.length === 0) continue;
    out.push('', `### ${title}`);
    for (const { target, finding } of list) {
      out.push(
        '',
        `**${cell(targetName(target.target))}: \`${finding.property ?? 'simulation crashed'}\`**`,
        '',
        '```',
        ...findingLines(finding, run.traceFiles.get(finding)).map((l) => l.slice(4)),
        '```',
      );
    }
  }
  const sources = [...new Set(result.targets.flatMap((t) => t.target.cleanSources))];
  if (sources.length > 0) out.push('', '### Where the README calls them clean', '', ...sources.map((s) => `- ${s}`));
  return out.join('\n') + '\n';
}
