// The soak on the terminal: headline and verdict, one row per target, then every finding (those on
// targets the README calls clean first, marked) with its shrunk schedule and replay command.
import { paint, renderTable } from './table.js';
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

/** @param started the headline's first line (seed, plan) was printed when the soak started */
export function renderSoak(run: SoakRun, color: boolean, started = false): string {
  const p = paint(color);
  const { result } = run;
  const out = [...soakHeadline(run).slice(started ? 1 : 0), ''];
  const rows = result.targets.map((t) => {
    const bad = t.findings.some((f) => f.clean);
    return [
      bad ? p.bad(targetName(t.target)) : targetName(t.target),
      cleanCell(t.target),
      t.runs.toLocaleString('en-US'),
      bad ? p.bad(violationsCell(t)) : violationsCell(t),
    ];
  });
  out.push(renderTable(['target', 'README', 'runs', 'violations (* on a property the README calls clean)'], rows));
  for (const t of result.targets)
    for (const q of t.properties)
      if (q.unknown > 0)
        out.push('', `? ${targetName(t.target)}: ${q.property} undecided in ${q.unknown} runs: ${q.unknownReason}`);
  const explained = explainedLines(result);
  if (explained.length > 0)
    out.push(
      '',
      'Explained by documented product behaviour (beyond what the README claims):',
      ...explained.map((l) => p.dim(`  ${l}`)),
    );
  for (const { target, finding } of orderedFindings(result)) {
    const head = `${finding.clean ? '✗ CLEAN TARGET ' : '✗ '}${targetName(target.target)}: ${finding.property ?? 'simulation crashed'}`;
    out.push('', finding.clean ? p.bad(p.bold(head)) : head);
    out.push(...findingLines(finding, run.traceFiles.get(finding)).map((l) => (finding.clean ? l : p.dim(l))));
  }
  out.push('', result.cleanFindings > 0 ? p.bad(p.bold(soakVerdict(result))) : p.good(soakVerdict(result)));
  return out.join('\n') + '\n';
}
