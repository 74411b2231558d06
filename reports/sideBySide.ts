// The model's and the real daemons' timelines side by side: faults across both columns, each host's
// role changes paired in order (same row when they line up), disagreements marked.
import type { RoleChange, RoleSequences } from '../harness/runners/conform/roles.js';
import type { FaultStep } from '../harness/engine/faults/index.js';
import { FAULTS } from '../harness/engine/faults/index.js';

interface Row {
  readonly at: number;
  readonly order: number;
  readonly text: string;
}

/** Seconds to the millisecond (`13.023 s`): conformance is about tens of ms. */
export function exactSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

const cell = (host: string, c: RoleChange | undefined) =>
  c === undefined ? '—' : `${exactSeconds(c.at).padStart(9)}  ${host} → ${c.role}`;

export function renderSideBySide(
  schedule: readonly FaultStep[],
  model: RoleSequences,
  real: RoleSequences,
  toleranceMs: number,
): string {
  const width = 34;
  const rows: Row[] = schedule.map((s, i) => ({
    at: s.at,
    order: i,
    text: `${exactSeconds(s.at).padStart(9)}  FAULT ${FAULTS[s.fault].sentence(s.target)}`,
  }));
  const hosts = [...new Set([...Object.keys(model), ...Object.keys(real)])];
  hosts.forEach((host, hi) => {
    const m = model[host] ?? [];
    const r = real[host] ?? [];
    for (let i = 0; i < Math.max(m.length, r.length); i++) {
      const a = m[i];
      const b = r[i];
      const ok = a !== undefined && b !== undefined && a.role === b.role && Math.abs(a.at - b.at) <= toleranceMs;
      const at = Math.min(a?.at ?? Infinity, b?.at ?? Infinity);
      const delta = a !== undefined && b !== undefined ? `${b.at - a.at >= 0 ? '+' : ''}${b.at - a.at} ms` : '';
      rows.push({
        at,
        order: 1000 + hi,
        text: `${cell(host, a).padEnd(width)}${cell(host, b).padEnd(width)}${ok ? '  ' : '✗ '}${delta}`,
      });
    }
  });
  rows.sort((x, y) => x.at - y.at || x.order - y.order);
  const head = `${'model'.padEnd(width)}${'real daemons'.padEnd(width)}  real − model (tolerance ${toleranceMs} ms)`;
  return [head, ...rows.map((r) => r.text)].join('\n');
}
