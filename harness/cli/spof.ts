// `hafault spof`: which single components are single points of failure (see harness/spof.ts).
// Exit 1 when some component alone breaks a property.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spofReport } from '../spof.js';
import { targetLabel } from '../target.js';
import { spofHtml, spofMarkdown } from '../../reports/spof.js';
import { EXIT_HOLDS, EXIT_VIOLATION, pickPropertiesAcross, resolveTargets, type TargetFlags } from './common.js';

export interface SpofFlags extends TargetFlags {
  readonly property: string[];
  readonly json?: boolean;
  readonly out?: string;
}

export function runSpof(flags: SpofFlags, write: (s: string) => void, warn: (line: string) => void): number {
  const targets = resolveTargets(flags, warn);
  const reports = pickPropertiesAcross(targets, flags.property).map(({ target: t, properties }) => ({ target: t, label: targetLabel(t), report: spofReport(t, properties) }));
  if (flags.out !== undefined) {
    mkdirSync(flags.out, { recursive: true });
    for (const r of reports) {
      const base = join(flags.out, `spof.${r.label.replace(/\//g, '.')}`);
      writeFileSync(`${base}.md`, spofMarkdown(r.label, r.report));
      writeFileSync(`${base}.html`, spofHtml(r.label, r.report));
      warn(`wrote ${base}.md and ${base}.html`);
    }
  }
  if (flags.json) {
    const json = reports.map((r) => ({ model: r.target.model.name, preset: r.target.preset?.name ?? null, topology: r.target.preset ? null : r.target.topology.name, instants: r.report.instants, entries: r.report.entries }));
    write(JSON.stringify(json.length === 1 ? json[0].entries : json, null, 2) + '\n');
  } else {
    write(reports.map((r) => spofMarkdown(r.label, r.report)).join('\n'));
  }
  return reports.some((r) => r.report.entries.some((e) => e.broken.length > 0)) ? EXIT_VIOLATION : EXIT_HOLDS;
}
