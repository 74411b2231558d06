// The per-component timeline of a run, for the terminal: one line per thing that happened, the
// time first, faults and fences marked so the eye finds them.
import { formatMs } from '../harness/engine/time.js';
import type { TraceEntry } from '../harness/engine/trace.js';
import type { RecordedViolation } from '../harness/engine/traceFile.js';
import { paint } from './table.js';

/** What a service entry says; `shadows` remembers lock-step shadows, so that a promotion reads as one. */
function serviceWhat(e: Extract<TraceEntry, { type: 'service' }>, shadows: Set<string>): string {
  const key = `${e.service}@${e.host}`;
  const promoted = e.state === 'running' && !e.shadow && shadows.has(key);
  if (e.shadow && e.state !== 'stopped') shadows.add(key);
  else shadows.delete(key);
  const how = e.shadow
    ? ' (lock-step shadow)'
    : promoted
      ? ' (promoted: leaves lock-step)'
      : e.cause === 'migrate'
        ? ' (live migration)'
        : '';
  return `${e.state} on ${e.host}${how}`;
}

/** What a replicated copy's entry says: whom it follows, or up to when its data is good. */
function dataWhat(e: Extract<TraceEntry, { type: 'data' }>): string {
  const copy = `${e.service} copy`;
  if (e.state === 'following')
    return `${copy} follows ${e.source} (${e.mode}${e.lagMs > 0 ? `, ${formatMs(e.lagMs)} behind` : ''})`;
  return `${copy} ${e.source === null ? 'no longer replicated' : `cut off from ${e.source}`}: holds the writes acknowledged up to ${formatMs(e.upToMs)}`;
}

export function renderTimeline(
  entries: readonly TraceEntry[],
  violations: readonly RecordedViolation[],
  color = false,
): string {
  const p = paint(color);
  const lines: string[] = [];
  const pending = [...violations].sort((a, b) => a.at - b.at);
  const width = 9;
  const push = (at: number, who: string, what: string) =>
    lines.push(`${formatMs(at).padStart(width)}  ${who.padEnd(16)} ${what}`);
  const shadows = new Set<string>();
  for (const e of entries) {
    while (pending.length > 0 && pending[0].at < e.at) {
      const v = pending.shift()!;
      push(v.at, p.bad('VIOLATION'), p.bad(`${v.property}: ${v.explanation}`));
    }
    switch (e.type) {
      case 'fault':
        push(e.at, p.bold('FAULT'), p.bold(e.text));
        break;
      case 'role':
        if (e.at > 0) push(e.at, e.agent, `→ ${e.role}`);
        break;
      case 'fence':
        push(e.at, e.host, p.bad(`FENCES: ${e.reason}`));
        break;
      case 'service': {
        const what = serviceWhat(e, shadows);
        if (e.at > 0) push(e.at, e.service, what);
        break;
      }
      case 'truth':
        if (e.at > 0)
          push(
            e.at,
            p.dim('truth'),
            p.dim(`can run: ${e.canRun.join(', ') || 'none'}; storage serving: ${e.serving.join(', ') || 'none'}`),
          );
        break;
      case 'refused':
        push(e.at, e.service, p.bad(`cannot start on ${e.host}: ${e.reason}`));
        break;
      case 'note':
        push(e.at, e.agent, p.dim(e.text));
        break;
      case 'data':
        if (e.at > 0) push(e.at, e.host, dataWhat(e));
        break;
      case 'event':
        break;
    }
  }
  for (const v of pending) push(v.at, p.bad('VIOLATION'), p.bad(`${v.property}: ${v.explanation}`));
  return lines.join('\n');
}
