// `hafault spof`: which single components are single points of failure (see harness/runners/spof.ts).
// Exit 1 when some component alone breaks a property: the design loses a service past its RTO
// (servicesSurvive) or the HA software breaks a safety or liveness property.
import { join } from 'node:path';
import { writeFileAtomic } from '../runners/files.js';
import { spofReport, type SpofReport } from '../runners/spof.js';
import { targetLabel, type Target } from '../engine/target.js';
import { spofHtml, spofMarkdown, spofVerdict } from '../../reports/spof.js';
import { checkOutputs, folderOutput } from './outputs.js';
import { EXIT_HOLDS, EXIT_VIOLATION, pickPropertiesAcross, resolveTargets, type TargetFlags } from './common.js';

export interface SpofFlags extends TargetFlags {
  readonly property: string[];
  readonly json?: boolean;
  readonly out?: string;
}

/** One target's result in `--json`: the README documents this shape next to the command. */
export function spofJson(t: Target, report: SpofReport) {
  const verdict = spofVerdict(report);
  return {
    model: t.model.name,
    preset: t.preset?.name ?? null,
    topology: t.preset ? null : t.topology.name,
    properties: report.properties,
    instants: report.instants,
    verdict: verdict.lead,
    spofs: report.spofs.map((e) => ({ component: e.component, kind: e.kind, findingKinds: e.findingKinds })),
    entries: report.entries,
  };
}

export function runSpof(flags: SpofFlags, write: (s: string) => void, warn: (line: string) => void): number {
  checkOutputs([folderOutput('--out', flags.out)]);
  const targets = resolveTargets(flags, warn);
  const reports = pickPropertiesAcross(targets, flags.property).map(({ target: t, properties }) => ({
    target: t,
    label: targetLabel(t),
    report: spofReport(t, properties),
  }));
  if (flags.out !== undefined) {
    for (const r of reports) {
      const base = join(flags.out, `spof.${r.label.replace(/\//g, '.')}`);
      writeFileAtomic(`${base}.md`, spofMarkdown(r.label, r.report));
      writeFileAtomic(`${base}.html`, spofHtml(r.label, r.report));
      warn(`wrote ${base}.md and ${base}.html`);
    }
  }
  if (flags.json) write(JSON.stringify({ results: reports.map((r) => spofJson(r.target, r.report)) }, null, 2) + '\n');
  else write(reports.map((r) => spofMarkdown(r.label, r.report)).join('\n'));
  return reports.some((r) => r.report.spofs.length > 0) ? EXIT_VIOLATION : EXIT_HOLDS;
}
