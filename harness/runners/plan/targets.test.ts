// Every target id a built-in preset has (every fault kind's targets, every model × preset) survives
// the text plan format unchanged, from the line an engineer writes to the simulator's trace: ids
// carry `#` (a second path `h1-san1#2`), `|` and `,` (partitions) and `@` (service@host).
import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../engine/faults/index.js';
import { vocabularyOf } from '../../engine/generators.js';
import { MODELS } from '../../../models/registry.js';
import { presetTarget } from '../../engine/target.js';
import { executePlan } from './execute.js';
import { checkPlan } from './load.js';
import { parsePlanText } from './parseText.js';

describe('comments in the text plan format', () => {
  const parse = (line: string) => parsePlanText(line, 'p.plan');
  const target = (line: string) => {
    const { plan, problems } = parse(line);
    expect(problems).toEqual([]);
    const [step] = plan.steps;
    return step.kind === 'fault' ? step.target : null;
  };

  it('a `#` inside a word is part of it', () => {
    expect(target('at 1s: path-down h1-san1#2')).toBe('h1-san1#2');
    expect(target('path-down h1-san1#2')).toBe('h1-san1#2');
    expect(target('+5s: path-up h1-san1#2')).toBe('h1-san1#2');
  });

  it('a `#` at the start of a line or after whitespace starts a comment', () => {
    expect(target('at 1s: path-down h1-san1#2 # the second path')).toBe('h1-san1#2');
    expect(target('at 1s: path-down h1-san1#2\t#tab, then a comment')).toBe('h1-san1#2');
    expect(target('at 1s: host-crash h1 #no space after the hash')).toBe('h1');
    expect(parse('# a whole line').plan.steps).toEqual([]);
    expect(parse('   # indented').plan.steps).toEqual([]);
    const wait = parse('wait until healthy within 10m # then the next cord').plan.steps[0];
    expect(wait).toMatchObject({ kind: 'wait', withinMs: 600_000 });
  });
});

describe('every built-in target id reaches the simulator unchanged through a text plan', () => {
  for (const model of MODELS) {
    for (const preset of model.presets) {
      it(`${model.name}/${preset.name}`, () => {
        const t = presetTarget(model, preset);
        const vocabulary = vocabularyOf(model);
        const wanted = Object.values(FAULTS).flatMap((kind) =>
          kind.targets(t.compiled, vocabulary).map((id) => ({ fault: kind.name, target: id })),
        );
        expect(wanted.length).toBeGreaterThan(0);
        // One step a second, each with a trailing comment that must not eat into the target.
        const text = wanted.map((w, i) => `at ${i + 1}s: ${w.fault} ${w.target}   # step ${i + 1}`).join('\n');
        const { plan, problems } = parsePlanText(text, `${preset.name}.plan`);
        expect(problems).toEqual([]);
        expect(plan.steps.map((s) => (s.kind === 'fault' ? { fault: s.fault, target: s.target } : s))).toEqual(wanted);
        checkPlan(plan, t);
        const applied = executePlan(t, plan).run.entries.flatMap((e) =>
          e.type === 'fault' && e.at % 1000 === 0 ? [{ at: e.at, fault: e.fault, target: e.target }] : [],
        );
        for (const [i, w] of wanted.entries()) expect(applied).toContainEqual({ at: (i + 1) * 1000, ...w });
      });
    }
  }
});
