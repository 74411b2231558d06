// A gate's findings as GitHub Actions workflow commands: one `::error` line per violation and one
// `::warning` line per run that never settles, which the runner turns into annotations on the job
// (and on the topology file, when there is one). Escaped by the runner's rules (actions/toolkit's
// command.ts): in the message `%`, CR and LF; in a property also `:` and `,`, which delimit them.
import type { GateCase, GateReport } from './gate.js';

export function escapeCommandData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeCommandProperty(s: string): string {
  return escapeCommandData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(level: 'error' | 'warning', properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeCommandProperty(v)}`)
    .join(',');
  return `::${level} ${props}::${escapeCommandData(message)}`;
}

/** The annotation's text: the finding as the terminal says it (its details), and the command that shows it. */
function message(c: GateCase): string {
  return [...(c.details ?? []), ...(c.command ? [`see it: ${c.command}`] : [])].join('\n');
}

/** The workflow command lines (no trailing newline each), in the report's order; none when all hold. */
export function annotationLines(report: GateReport): string[] {
  const file: Record<string, string> = report.topologyFile === undefined ? {} : { file: report.topologyFile };
  const lines: string[] = [];
  for (const suite of report.suites) {
    for (const c of suite.cases) {
      if (c.outcome === 'failed')
        lines.push(annotation('error', { ...file, title: `${suite.name}: ${c.name} violated` }, message(c)));
      else if (c.outcome === 'error')
        lines.push(annotation('warning', { ...file, title: `${suite.name}: a run never settles` }, message(c)));
    }
  }
  // One run that never settles leaves several properties without a verdict (explore, spof): one warning.
  return [...new Set(lines)];
}
