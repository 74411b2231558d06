// The plan text format, one step per line; `#` at the start of a line or after whitespace starts a
// comment (a `#` inside a word is part of it: storage paths are named `h1-san1#2`):
//   at 10s: storage-hard-powercycle sanA      absolute instant
//   +30s: storage-hard-powercycle sanB        after the previous step ended
//   host-crash h2                             right after the previous step
//   wait until healthy [within 10m]           until every host, node and service is back
import { isFaultName } from '../../engine/faults/index.js';
import { didYouMean } from '../../engine/didYouMean.js';
import { FAULTS } from '../../engine/faults/index.js';
import { parseDuration } from '../../engine/time.js';
import { DEFAULT_WAIT_MS, type Plan, type PlanProblem, type PlanStep, type PlanTime } from './types.js';

const WAIT = /^wait\s+until\s+healthy(?:\s+within\s+(\S+))?$/i;
const TIMED = /^(at\s+(\S+?)|\+\s*(\S+?))\s*:\s*(.*)$/i;
/** A comment: `#` at the start of the line or after whitespace, to the end of the line. */
const COMMENT = /(^|\s)#.*$/;

export function parsePlanText(text: string, source: string): { plan: Plan; problems: PlanProblem[] } {
  const steps: PlanStep[] = [];
  const problems: PlanProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const body = raw.replace(COMMENT, '').trim();
    if (body === '') return;
    const fail = (message: string, col: number) =>
      problems.push({ file: source, line, col, message: `\`${body}\`: ${message}` });
    const step = parseStep(raw, body, line, fail);
    if (step) steps.push(step);
  });
  return { plan: { source, steps }, problems };
}

/** One non-blank line as a step, or null after reporting what is wrong at its column. */
function parseStep(
  raw: string,
  body: string,
  line: number,
  fail: (message: string, col: number) => void,
): PlanStep | null {
  const bad = (message: string, at: number): null => {
    fail(message, at);
    return null;
  };
  const start = raw.length - raw.trimStart().length;
  const col = start + 1;
  /** The column of `token` in the raw line, searching from `from` (0-based). */
  const colOf = (token: string, from: number) => raw.indexOf(token, from) + 1;
  const wait = WAIT.exec(body);
  if (wait) {
    const withinMs = wait[1] === undefined ? DEFAULT_WAIT_MS : parseDuration(wait[1]);
    if (withinMs === null || withinMs <= 0 || /^\s*[\d.]+\s*$/.test(wait[1] ?? 'x'))
      return bad(
        `expected a duration after \`within\` (e.g. 10m), found \`${wait[1]}\``,
        raw.lastIndexOf(wait[1], start + body.length) + 1,
      );
    return { kind: 'wait', line, col, text: body, withinMs };
  }
  if (/^wait\b/i.test(body)) return bad('expected `wait until healthy` or `wait until healthy within <duration>`', col);
  let time: PlanTime = { afterMs: 0 };
  let rest = body;
  const timed = TIMED.exec(body);
  if (timed) {
    const written = timed[2] ?? timed[3];
    const ms = parseDuration(written);
    if (ms === null)
      return bad(`expected a duration like 10s, 2m or 1500ms, found \`${written}\``, colOf(written, start + 1));
    // `at 10:` meant 10 s every time someone wrote it, and ran at 10 ms: a time other than 0 names its unit.
    if (ms !== 0 && /^\s*[\d.]+\s*$/.test(written))
      return bad(
        `a time needs its unit: \`${written.trim()}s\` or \`${written.trim()}ms\`, found \`${written}\``,
        colOf(written, start + 1),
      );
    time = timed[2] !== undefined ? { atMs: ms } : { afterMs: ms };
    rest = timed[4].trim();
  } else if (/^(at\b|\+)/i.test(body)) {
    return bad('expected `at <duration>: <fault> <target>` or `+<duration>: <fault> <target>`', col);
  }
  // `rest` ends where the body ends.
  const restAt = start + body.length - rest.length;
  const [fault, target, ...extra] = rest.split(/\s+/);
  if (!fault) return bad('expected a fault and its target after the time', start + body.length + 1);
  if (!isFaultName(fault))
    return bad(`unknown fault \`${fault}\`${didYouMean(fault, Object.keys(FAULTS))}`, restAt + 1);
  if (target === undefined) return bad(`expected a target after \`${fault}\``, restAt + fault.length + 1);
  const targetCol = colOf(target, restAt + fault.length);
  if (extra.length > 0)
    return bad(`unexpected \`${extra.join(' ')}\` after the target`, colOf(extra[0], targetCol - 1 + target.length));
  return {
    kind: 'fault',
    line,
    col,
    text: body,
    time,
    timeAt: { line, col },
    fault,
    target,
    targetAt: { line, col: targetCol },
  };
}
