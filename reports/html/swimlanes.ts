// A run as swimlanes: one lane per host, then per storage node and per other agent (multipath),
// each showing its role over time above a strip of ground truth (could the host run its workloads?
// did the node serve?). Faults are numbered markers across every lane, fences red crosses, service
// restarts green triangles, and each violated property a red line at its instant. Pure: trace in,
// SVG text out.
import type { TraceEntry } from '../../harness/engine/trace.js';
import type { RecordedViolation } from '../../harness/engine/traceFile.js';
import { formatMs } from '../../harness/engine/time.js';
import { esc } from './page.js';
import { inkOn, n, roleColour, timeTicks } from './svg.js';

export interface SwimlaneInput {
  readonly entries: readonly TraceEntry[];
  readonly violations: readonly RecordedViolation[];
  readonly endMs: number;
  /** Host ids in topology order. */
  readonly hosts: readonly string[];
  readonly storage: readonly string[];
}

interface Segment {
  readonly from: number;
  readonly to: number;
  readonly role: string;
}

interface Lane {
  readonly agent: string;
  readonly kind: string;
  readonly label: string;
  readonly segments: Segment[];
  /** Intervals where ground truth says "no" (cannot run / not serving); null: no truth for this lane. */
  readonly outages: Segment[] | null;
}

const WIDTH = 1200;
const X0 = 150;
const X1 = 1180;
const LANE = 50;
const BAR = 20;
const TOP = 64;

function lanesOf(input: SwimlaneInput): Lane[] {
  const roles = new Map<string, { kind: string; changes: { at: number; role: string }[] }>();
  for (const e of input.entries) {
    if (e.type !== 'role') continue;
    let r = roles.get(e.agent);
    if (!r) roles.set(e.agent, (r = { kind: e.kind, changes: [] }));
    r.changes.push({ at: e.at, role: e.role });
  }
  const hostOrder = (id: string) => {
    const h = input.hosts.findIndex((x) => id === x || id.startsWith(`${x}/`));
    return h < 0 ? input.hosts.length : h;
  };
  const rank = (kind: string) => (kind === 'host' ? 0 : kind === 'storage' ? 1 : 2);
  const agents = [...roles.keys()].sort((a, b) => {
    const ka = roles.get(a)!.kind;
    const kb = roles.get(b)!.kind;
    return (
      rank(ka) - rank(kb) ||
      (ka === 'storage' ? input.storage.indexOf(a) - input.storage.indexOf(b) : hostOrder(a) - hostOrder(b)) ||
      ka.localeCompare(kb) ||
      a.localeCompare(b)
    );
  });
  return agents.map((agent) => {
    const { kind, changes } = roles.get(agent)!;
    const segments = changes
      .map((c, i) => ({ from: c.at, to: i + 1 < changes.length ? changes[i + 1].at : input.endMs, role: c.role }))
      .filter((s) => s.to > s.from || s.from === input.endMs);
    const truthOf =
      kind === 'host'
        ? (e: { canRun: readonly string[] }) => e.canRun.includes(agent)
        : kind === 'storage'
          ? (e: { serving: readonly string[] }) => e.serving.includes(agent)
          : null;
    return {
      agent,
      kind,
      label: agent.replace('/', ' '),
      segments,
      outages: truthOf === null ? null : outagesOf(input, truthOf),
    };
  });
}

function outagesOf(
  input: SwimlaneInput,
  ok: (e: { canRun: readonly string[]; serving: readonly string[] }) => boolean,
): Segment[] {
  const out: Segment[] = [];
  let since = -1;
  for (const e of input.entries) {
    if (e.type !== 'truth') continue;
    const good = ok(e);
    if (!good && since < 0) since = e.at;
    if (good && since >= 0) {
      if (e.at > since) out.push({ from: since, to: e.at, role: 'no' });
      since = -1;
    }
  }
  if (since >= 0) out.push({ from: since, to: input.endMs, role: 'no' });
  return out;
}

/** The lane a fault's target belongs to: `h1.mgmt0` → h1, `h2-sanA` → h2, `sanA` → sanA. */
function laneOfTarget(lanes: readonly Lane[], target: string): number {
  const exact = lanes.findIndex((l) => l.agent === target);
  if (exact >= 0) return exact;
  const head = target.split(/[.\-|,]/)[0];
  return lanes.findIndex((l) => l.agent === head && l.kind === 'host');
}

/** Where things go: a time's x, a lane's y, the lanes' bottom edge, and each agent's lane. */
interface Chart {
  readonly lanes: readonly Lane[];
  readonly x: (ms: number) => number;
  readonly laneY: (i: number) => number;
  readonly bottom: number;
  readonly laneIndex: ReadonlyMap<string, number>;
}

/** The time grid. */
function drawGrid(parts: string[], { x, bottom }: Chart, end: number): void {
  for (const t of timeTicks(end)) {
    parts.push(`<line x1="${n(x(t))}" y1="${TOP - 6}" x2="${n(x(t))}" y2="${bottom}" stroke="#eef1f5"/>`);
    parts.push(
      `<text x="${n(x(t))}" y="${bottom + 18}" font-size="11" fill="#5d6878" text-anchor="middle">${esc(t === 0 ? '0 s' : formatMs(t))}</text>`,
    );
  }
}

/** The lanes: each agent's roles over time and, under them, its ground truth. */
function drawLanes(parts: string[], { lanes, x, laneY }: Chart): void {
  lanes.forEach((lane, i) => {
    const y = laneY(i);
    parts.push(`<g class="lane" data-kind="${esc(lane.kind)}" data-agent="${esc(lane.agent)}">`);
    if (i > 0 && lane.kind !== lanes[i - 1].kind)
      parts.push(`<line x1="8" y1="${y - 4}" x2="${X1}" y2="${y - 4}" stroke="#c9d1db" stroke-dasharray="2 3"/>`);
    parts.push(
      `<text x="10" y="${y + 15}" font-size="13" font-weight="${lane.kind === 'host' ? 600 : 400}" fill="#1d2430">${esc(lane.label)}</text>`,
    );
    parts.push(`<text x="10" y="${y + 29}" font-size="10.5" fill="#8a94a3">${esc(lane.kind)}</text>`);
    for (const s of lane.segments) {
      const w = Math.max(1, x(s.to) - x(s.from));
      const fill = roleColour(s.role);
      parts.push(
        `<rect x="${n(x(s.from))}" y="${y + 2}" width="${n(w)}" height="${BAR}" rx="3" fill="${fill}"><title>${esc(`${lane.agent}: ${s.role} from ${formatMs(s.from)} to ${formatMs(s.to)}`)}</title></rect>`,
      );
      if (w > s.role.length * 6.6 + 18)
        parts.push(
          `<text x="${n(x(s.from) + 11)}" y="${y + 16}" font-size="11" fill="${inkOn(fill)}">${esc(s.role)}</text>`,
        );
    }
    if (lane.outages !== null) {
      parts.push(
        `<rect x="${X0}" y="${y + BAR + 5}" width="${X1 - X0}" height="5" rx="2" fill="#cfe9d6"><title>${esc(lane.kind === 'host' ? `ground truth: ${lane.agent} could run its workloads` : `ground truth: ${lane.agent} served current data`)}</title></rect>`,
      );
      for (const o of lane.outages) {
        parts.push(
          `<rect x="${n(x(o.from))}" y="${y + BAR + 4}" width="${n(Math.max(2, x(o.to) - x(o.from)))}" height="7" fill="url(#hatch)"><title>${esc(`ground truth: ${lane.agent} ${lane.kind === 'host' ? 'could not run its workloads' : 'did not serve'} from ${formatMs(o.from)} to ${formatMs(o.to)}`)}</title></rect>`,
        );
      }
    }
    parts.push('</g>');
  });
}

/** Service restarts, grouped per host and instant, on their hosts' lanes. */
function drawRestarts(parts: string[], { x, laneY, laneIndex }: Chart, input: SwimlaneInput): void {
  const restarts = new Map<string, { at: number; host: string; services: string[] }>();
  const starting = new Set<string>();
  for (const e of input.entries) {
    if (e.type !== 'service' || e.at === 0) continue;
    const key = `${e.service}@${e.host}`;
    if (e.state === 'stopped') starting.delete(key);
    else if (e.state === 'starting' || !starting.has(key)) {
      const group = restarts.get(`${e.host}@${e.at}`) ?? { at: e.at, host: e.host, services: [] };
      group.services.push(e.service);
      restarts.set(`${e.host}@${e.at}`, group);
    }
    if (e.state === 'starting') starting.add(key);
  }
  for (const r of restarts.values()) {
    const i = laneIndex.get(r.host);
    if (i === undefined) continue;
    const cx = x(r.at);
    const y = laneY(i) + BAR + 12;
    const text = r.services.join(', ');
    const fits = cx + 8 + text.length * 6 < WIDTH;
    parts.push(
      `<g class="restart"><path d="M${n(cx)} ${y} l5.5 9 h-11 z" fill="#1b7f3b"/><text x="${n(fits ? cx + 8 : cx - 8)}" y="${y + 9}" font-size="10.5" fill="#1b7f3b"${fits ? '' : ' text-anchor="end"'}>${esc(text)}</text><title>${esc(`${formatMs(r.at)}: ${r.services.join(', ')} started on ${r.host}`)}</title></g>`,
    );
  }
}

/** Agents' decisions (notes) and fences, on their lanes. */
function drawMarks(parts: string[], { x, laneY, laneIndex }: Chart, input: SwimlaneInput): void {
  for (const e of input.entries) {
    if (e.type === 'note') {
      const i = laneIndex.get(e.agent);
      if (i === undefined) continue;
      parts.push(
        `<circle class="note" cx="${n(x(e.at))}" cy="${laneY(i) + 12}" r="3.5" fill="#fff" stroke="#1d2430" stroke-width="1.5"><title>${esc(`${formatMs(e.at)}: ${e.agent}: ${e.text}`)}</title></circle>`,
      );
    } else if (e.type === 'fence') {
      const i = laneIndex.get(e.host);
      if (i === undefined) continue;
      const cx = x(e.at);
      const cy = laneY(i) + 12;
      parts.push(
        `<g class="fence"><circle cx="${n(cx)}" cy="${cy}" r="8" fill="#c62828" stroke="#fff" stroke-width="1.5"/><path d="M${n(cx - 3.5)} ${cy - 3.5} l7 7 M${n(cx + 3.5)} ${cy - 3.5} l-7 7" stroke="#fff" stroke-width="2"/><title>${esc(`${formatMs(e.at)}: ${e.host} fences: ${e.reason}`)}</title></g>`,
      );
    }
  }
}

/** Faults: numbered markers, a dashed line through every lane, a diamond on the target's lane. */
function drawFaults(parts: string[], { lanes, x, laneY, bottom }: Chart, input: SwimlaneInput): void {
  const faults = input.entries.filter((e): e is Extract<TraceEntry, { type: 'fault' }> => e.type === 'fault');
  let lastBubble = -Infinity;
  faults.forEach((f, k) => {
    const cx = x(f.at);
    const bx = Math.max(cx, lastBubble + 20);
    lastBubble = bx;
    const cy = 44;
    const moved = bx > cx + 0.5;
    const leader = moved
      ? `<path d="M${n(bx)} ${cy + 9} L${n(cx)} ${cy + 17}" stroke="#2457c5" stroke-width="1" fill="none"/>`
      : '';
    parts.push(
      `<g class="fault"><line x1="${n(cx)}" y1="${moved ? cy + 17 : cy + 9}" x2="${n(cx)}" y2="${bottom}" stroke="#2457c5" stroke-width="1.2" stroke-dasharray="4 3" opacity="0.7"/>${leader}<circle cx="${n(bx)}" cy="${cy}" r="9" fill="#2457c5"/><text x="${n(bx)}" y="${cy + 4}" font-size="11" font-weight="700" fill="#fff" text-anchor="middle">${k + 1}</text><title>${esc(`fault ${k + 1} at ${formatMs(f.at)}: ${f.text}`)}</title></g>`,
    );
    const lane = laneOfTarget(lanes, f.target);
    if (lane >= 0)
      parts.push(
        `<path d="M${n(cx)} ${laneY(lane) + 4} l6 8 l-6 8 l-6 -8 z" fill="#2457c5" stroke="#fff" stroke-width="1.2"><title>${esc(f.text)}</title></path>`,
      );
  });
}

/** Violations: the instant each property broke, labelled where the labels do not collide. */
function drawViolations(parts: string[], { x, bottom }: Chart, input: SwimlaneInput): void {
  let labelEnd = -Infinity;
  for (const v of input.violations) {
    const cx = x(v.at);
    const label = `✗ ${v.property} at ${formatMs(v.at)}`;
    const w = label.length * 7.2 + 16;
    const lx = Math.min(Math.max(cx - w / 2, X0), X1 - w);
    const labelled = lx > labelEnd + 6;
    if (labelled) labelEnd = lx + w;
    parts.push(
      `<g class="violation"><rect x="${n(cx - 3)}" y="${TOP - 6}" width="6" height="${bottom - TOP + 6}" fill="#c62828" opacity="0.18"/><line x1="${n(cx)}" y1="${TOP - 6}" x2="${n(cx)}" y2="${bottom}" stroke="#c62828" stroke-width="2"/>`,
    );
    if (labelled)
      parts.push(
        `<rect x="${n(lx)}" y="6" width="${n(w)}" height="18" rx="9" fill="#c62828"/><text x="${n(lx + w / 2)}" y="19" font-size="11.5" font-weight="600" fill="#fff" text-anchor="middle">${esc(label)}</text>`,
      );
    parts.push(`<title>${esc(`${v.property} violated at ${formatMs(v.at)}: ${v.explanation}`)}</title></g>`);
  }
}

export function swimlanes(input: SwimlaneInput): string {
  const lanes = lanesOf(input);
  const end = Math.max(1, input.endMs);
  const x = (ms: number) => X0 + ((X1 - X0) * ms) / end;
  const laneY = (i: number) => TOP + i * LANE;
  const height = TOP + lanes.length * LANE + 34;
  const bottom = TOP + lanes.length * LANE;
  const chart: Chart = { lanes, x, laneY, bottom, laneIndex: new Map(lanes.map((l, i) => [l.agent, i])) };
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="Swimlanes: the role of each host and storage agent over time, with faults, fences and violations" class="swimlanes">`,
  );
  parts.push(
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fbe3e1"/><line x1="0" y1="0" x2="0" y2="6" stroke="#e57373" stroke-width="3"/></pattern></defs>',
  );
  drawGrid(parts, chart, end);
  drawLanes(parts, chart);
  drawRestarts(parts, chart, input);
  drawMarks(parts, chart, input);
  drawFaults(parts, chart, input);
  drawViolations(parts, chart, input);
  parts.push('</svg>');
  return parts.join('\n');
}

/** The roles that appear, for a legend under the chart. */
export function rolesIn(entries: readonly TraceEntry[]): string[] {
  const seen: string[] = [];
  for (const e of entries) if (e.type === 'role' && !seen.includes(e.role)) seen.push(e.role);
  return seen;
}
