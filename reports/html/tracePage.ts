// The trace report: one run on one page. What broke and when, the schedule as sentences, the
// swimlanes, the settings, and the full timeline for whoever wants every line.
import type { TraceEntry } from '../../harness/engine/trace.js';
import type { RecordedViolation, TraceFile } from '../../harness/engine/traceFile.js';
import { formatMs } from '../../harness/engine/time.js';
import { describeOscillation } from '../../harness/engine/oscillation.js';
import { renderTimeline } from '../timeline.js';
import { scheduleSize } from '../scheduleSize.js';
import { esc, page } from './page.js';
import { roleColour } from './svg.js';
import { rolesIn, swimlanes } from './swimlanes.js';

export interface TracePageInput {
  readonly file: TraceFile;
  /** The run shown (a replay's, or the file's own timeline). */
  readonly entries: readonly TraceEntry[];
  readonly violations: readonly RecordedViolation[];
  readonly hosts: readonly string[];
  readonly endMs: number;
  /** The command that replays it. */
  readonly replay?: string;
  /** Whether a replay reproduced the recording (omitted: not replayed). */
  readonly reproduced?: boolean;
  /** What a replay that did not reproduce is blamed on (edited, model changed, engine changed). */
  readonly because?: string;
  /** What a replay says even when it reproduces (the file was edited, another model version). */
  readonly notes?: readonly string[];
  /** What tells this page from its siblings (a `run` page: its settings, `timeoutMs=30s`): in the title and heading. */
  readonly setting?: string;
}

function settingChips(file: TraceFile): string {
  return Object.entries(file.config)
    .map(
      ([k, v]) =>
        `<span>${esc(k)} = <b>${esc(typeof v === 'number' && k.endsWith('Ms') ? formatMs(v) : String(v))}</b></span>`,
    )
    .join('');
}

/** The swimlanes' legend: a swatch per colour of the roles that appear, then the marks. */
function legendOf(entries: readonly TraceEntry[]): string {
  const byColour = new Map<string, string[]>();
  for (const r of rolesIn(entries)) byColour.set(roleColour(r), [...(byColour.get(roleColour(r)) ?? []), r]);
  return [...byColour]
    .map(([colour, roles]) => `<span><i style="background:${colour}"></i>${esc(roles.join(' / '))}</span>`)
    .concat([
      '<span><i style="background:#2457c5;border-radius:50%"></i>fault (numbered as in the schedule, follow-ups included)</span>',
      '<span><i style="background:#c62828;border-radius:50%"></i>fence</span>',
      '<span><i style="background:#1b7f3b"></i>service (re)started</span>',
      '<span><i style="background:#fff;border:1.5px solid #1d2430;border-radius:50%"></i>an agent\'s decision (hover for it)</span>',
      '<span><i style="background:#cfe9d6"></i>ground truth: could run / served</span>',
      '<span><i style="background:repeating-linear-gradient(45deg,#e57373 0 3px,#fbe3e1 3px 6px)"></i>ground truth: could not</span>',
    ])
    .join('');
}

/** The page's title, verdict cards and badges: the violations, every property holding, or a run that never settled. */
function verdictOf(input: TracePageInput, where: string): { title: string; verdicts: string; badges: string } {
  const { file, violations } = input;
  const stop = file.oscillation;
  if (stop !== undefined)
    return {
      title: `never settles — ${where}`,
      verdicts: `<div class="card verdict"><strong>⟳ The run never settles</strong> <span class="when">stopped at ${esc(formatMs(stop.atMs))}</span><p>${esc(describeOscillation(stop))} (a model that oscillates); no property is judged, and the timeline ends there</p></div>`,
      badges: '<span class="badge">never settles</span>',
    };
  if (violations.length === 0)
    return {
      title: `all hold — ${where}`,
      verdicts: `<div class="card verdict ok"><strong>Every property judged holds</strong><p>${esc(file.properties.join(', '))}</p></div>`,
      badges: '<span class="badge ok">all properties hold</span>',
    };
  return {
    title: `${violations.map((v) => v.property).join(', ')} — ${where}`,
    verdicts: violations
      .map(
        (v) =>
          `<div class="card verdict"><strong>✗ ${esc(v.property)}</strong> <span class="when">at ${esc(formatMs(v.at))}</span><p>${esc(v.explanation)}</p></div>`,
      )
      .join('\n'),
    badges: violations.map((v) => `<span class="badge">${esc(v.property)}</span>`).join(''),
  };
}

export function tracePage(input: TracePageInput): string {
  const { file } = input;
  const where = `${file.model.name}${file.preset ? ` / ${file.preset}` : ''}${input.setting ? ` · ${input.setting}` : ''}`;
  const { title, verdicts, badges } = verdictOf(input, where);
  const story = file.schedule
    .map(
      (s, i) =>
        `<li><span class="when">${esc(formatMs(s.at))}</span> ${esc(file.story[i] ? file.story[i].replace(/^at [^:]+: /, '') : `${s.fault} ${s.target}`)}</li>`,
    )
    .join('');
  const storage = (file.topology.storage?.nodes ?? []).map((s) => s.id);
  const legend = legendOf(input.entries);
  const faults = input.entries.filter((e) => e.type === 'fault');
  const faultList = faults
    .map((f) => `<li><span class="when">${esc(formatMs(f.at))}</span> ${esc((f as { text: string }).text)}</li>`)
    .join('');
  const provenance = [
    file.search
      ? `found by random search: seed ${file.search.seed}, path "${file.search.path}", ${file.search.runs} runs`
      : null,
    input.reproduced === undefined
      ? null
      : input.reproduced
        ? 'replayed: the same violations and the same timeline, byte for byte'
        : `replayed: NOT reproduced (${input.because ?? 'the model or the engine changed since the file was written'})`,
    ...(input.reproduced ? (input.notes ?? []).map((n) => `note: ${n}`) : []),
  ].filter((x): x is string => x !== null);
  const body = `
<header>
  <h1>${esc(where)}</h1>
  <p>${badges} ${esc(`${scheduleSize(file.schedule)} · run of ${formatMs(input.endMs)}`)}</p>
</header>
${verdicts}
<div class="card">
  <h2 style="margin-top:0">The schedule</h2>
  <ol class="story">${story}</ol>
</div>
<div class="card figure">
  <h2 style="margin-top:0">What each component did</h2>
  ${swimlanes({ entries: input.entries, violations: input.violations, endMs: input.endMs, hosts: input.hosts, storage })}
  <div class="legend">${legend}</div>
  <details style="margin-top:10px"><summary>Numbered faults</summary><ol class="story">${faultList}</ol></details>
</div>
<div class="card chips">
  <h2 style="margin-top:0">Settings</h2>
  ${settingChips(file)}
</div>
<div class="card">
  <details><summary>Full timeline (${input.entries.length} entries)</summary><pre>${esc(renderTimeline(input.entries, input.violations, false))}</pre></details>
  ${input.replay ? `<p>Replay it: <code>${esc(input.replay)}</code></p>` : ''}
  ${provenance.map((p) => `<p>${esc(p)}</p>`).join('')}
</div>`;
  return page(`hafault: ${title}`, body);
}
