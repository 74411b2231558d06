// A model's own properties are judged like the built-in ones, through the one lookup that takes the
// model: their verdicts, their kinds (a model's safety property is never traded away by a sweep),
// and bad names found before a run (a model's list, a trace file's list).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Model } from '../harness/engine/model.js';
import type { Trace } from '../harness/engine/trace.js';
import { parseTraceFile, TraceFileError } from '../harness/engine/traceFile.js';
import { replayTrace } from '../harness/runners/replay.js';
import { MODELS } from '../models/registry.js';
import {
  checkProperty,
  findProperty,
  propertyKind,
  propertyProblems,
  safetyProperties,
  type Property,
} from './index.js';
import { holds, violated } from './verdict.js';

/** Violated at the first fence of a trace. */
const neverFences: Property = {
  name: 'neverFences',
  kind: 'safety',
  statement: 'no host is ever fenced',
  check: (trace) => {
    const fence = trace.entries.find((e) => e.type === 'fence');
    return fence === undefined ? holds('neverFences') : violated('neverFences', fence.at, `${fence.host} fenced`);
  },
};

const model = { name: 'toy', properties: ['noDualActive', 'neverFences'], ownProperties: [neverFences] } satisfies Pick<
  Model,
  'name' | 'properties' | 'ownProperties'
>;

const trace = (entries: Trace['entries']): Trace => ({
  meta: { hosts: ['h1', 'h2'], services: [], endMs: 100 },
  entries,
});
const fenced = trace([{ at: 7, type: 'fence', host: 'h2', reason: 'lost heartbeat' }]);

describe("a model's own properties", () => {
  it('are judged with the model, and only with it', () => {
    expect(checkProperty('neverFences', fenced, model)).toMatchObject({ status: 'violated', at: 7 });
    expect(checkProperty('neverFences', trace([]), model).status).toBe('holds');
    expect(checkProperty('neverFences', fenced)).toMatchObject({
      status: 'unknown',
      explanation: expect.stringContaining('no checker for neverFences'),
    });
  });

  it('have their kind, so a sweep counts them as safety', () => {
    expect(propertyKind('neverFences', model)).toBe('safety');
    expect(safetyProperties({ ...model, safety: [] })).toEqual(['noDualActive', 'neverFences']);
  });

  it('never shadow a built-in property', () => {
    const impostor: Property = { ...neverFences, name: 'noDualActive', check: () => holds('noDualActive') };
    const bad = { name: 'toy', properties: ['noDualActive'], ownProperties: [impostor] };
    expect(findProperty('noDualActive', bad)).not.toBe(impostor);
    expect(propertyProblems(bad)).toEqual([
      expect.stringContaining("ownProperties[0]: `noDualActive` is a built-in property's name"),
    ]);
  });

  it('a name nothing defines is a problem with a suggestion; so is an own property that is never judged', () => {
    expect(propertyProblems({ name: 'toy', properties: ['neverFence'], ownProperties: [neverFences] })).toEqual([
      'toy: properties: `neverFence` is neither a built-in property nor one the model declares; did you mean `neverFences`?',
      'toy: ownProperties[0]: `neverFences` is declared but never judged (add it to `properties`)',
    ]);
  });

  it('every registered model names only properties that exist', () => {
    expect(MODELS.flatMap((m) => propertyProblems(m))).toEqual([]);
  });

  it('a trace file naming a property its model cannot judge is refused, with a suggestion', () => {
    // A real keepalived trace with the judged property misspelt (and its recorded violation dropped).
    const doc = JSON.parse(
      readFileSync(join(import.meta.dirname, 'corpus', 'ka-2-partition-dual-master.json'), 'utf8'),
    );
    doc.properties = ['noDualActiv'];
    doc.violations = [];
    const file = parseTraceFile(JSON.stringify(doc));
    expect(() => replayTrace(file)).toThrow(TraceFileError);
    expect(() => replayTrace(file)).toThrow(
      'properties[0]: keepalived has no property `noDualActiv`; did you mean `noDualActive`?',
    );
  });
});
