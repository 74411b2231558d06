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
    const where = `${source}:${line}`;
    const fail = (message: string) => problems.push({ line, where, message: `\`${body}\`: ${message}` });
    const wait = WAIT.exec(body);
    if (wait) {
      const withinMs = wait[1] === undefined ? DEFAULT_WAIT_MS : parseDuration(wait[1]);
      if (withinMs === null || withinMs <= 0)
        return void fail(`expected a duration after \`within\` (e.g. 10m), found \`${wait[1]}\``);
      steps.push({ kind: 'wait', line, text: body, withinMs });
      return;
    }
    if (/^wait\b/i.test(body))
      return void fail('expected `wait until healthy` or `wait until healthy within <duration>`');
    let time: PlanTime = { afterMs: 0 };
    let rest = body;
    const timed = TIMED.exec(body);
    if (timed) {
      const ms = parseDuration(timed[2] ?? timed[3]);
      if (ms === null)
        return void fail(`expected a duration like 10s, 2m or 1500ms, found \`${timed[2] ?? timed[3]}\``);
      time = timed[2] !== undefined ? { atMs: ms } : { afterMs: ms };
      rest = timed[4].trim();
    } else if (/^(at\b|\+)/i.test(body)) {
      return void fail('expected `at <duration>: <fault> <target>` or `+<duration>: <fault> <target>`');
    }
    const [fault, target, ...extra] = rest.split(/\s+/);
    if (!fault) return void fail('expected a fault and its target after the time');
    if (!isFaultName(fault)) return void fail(`unknown fault \`${fault}\`${didYouMean(fault, Object.keys(FAULTS))}`);
    if (target === undefined) return void fail(`expected a target after \`${fault}\``);
    if (extra.length > 0) return void fail(`unexpected \`${extra.join(' ')}\` after the target`);
    steps.push({ kind: 'fault', line, text: body, time, fault, target });
  });
  return { plan: { source, steps }, problems };
}
