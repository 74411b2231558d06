// A conformance finding in words: what disagreed, and both timelines side by side.
import { printable } from '../harness/engine/printable.js';
import type { TraceFile } from '../harness/engine/traceFile.js';
import { renderSideBySide } from './sideBySide.js';

/** Every line printable: the mismatches, hosts and roles are the file's text. */
export function renderConformance(file: TraceFile): string {
  const c = file.conformance!;
  return [
    `conformance finding (conform --seed ${c.seed}, schedule ${c.schedule}): the model and the real daemons disagree (tolerance ${c.toleranceMs} ms; real clock shifted by its start-up delay, ${Math.round(c.offsetMs)} ms):`,
    ...c.mismatches.map((m) => `  ✗ ${m}`),
    '',
    renderSideBySide(file.schedule, c.modelRoles, c.realRoles, c.toleranceMs),
  ]
    .join('\n')
    .split('\n')
    .map(printable)
    .join('\n');
}
