// Reads a rates file (YAML or JSON) into a RatesTable merged over the built-in defaults. Problems are
// reported the way topology files report theirs — `file:line:col: field: what was found, what was
// expected`, one line each, never a stack trace — with the same reader (size, encoding, YAML limits),
// the same ajv-to-sentence translation and the same source positions (topologyFile/problems.ts).
//
// Format (docs/availability.md "Rates file"):
//   kinds:        { <kind>: { perYear, repair: { shape, medianMs, sigma | meanMs | ms }, source, unverified } }
//   components:   { <component id>: { the same fields } }       per component, over its kind
//   commonCause:  { beta, kinds: [<kind>, …] }                  beta-factor correlated failures
//   operatorRestore: { shape, medianMs, sigma | meanMs | ms, source }
// Every field is optional; a kind's fields replace the default's one by one (a repair as a whole).
// Durations are milliseconds or a number with a unit: 90s, 2h, 30d (engine/time.ts units and days).
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { didYouMean } from '../../engine/didYouMean.js';
import { InputFileError, parseYamlInput, type InputProblem, type TopLevel } from '../../engine/inputText.js';
import { parseDuration } from '../../engine/time.js';
import { readInputFile } from '../inputFile.js';
import {
  describeValue,
  formatPath,
  fromAjv,
  positionOf,
  type Located,
  type Segment,
} from '../topologyFile/problems.js';
import { DEFAULT_RATES } from './rates.js';
import { buildRatesSchema } from './ratesSchema.js';
import type { ComponentKind, FailureModel, KindRate, RatesTable, RepairDistribution } from './types.js';

const TOP_LEVEL: TopLevel = {
  kinds: ['mapping'],
  expected: 'a mapping with kinds, components, commonCause or operatorRestore',
};

const DAY_MS = 24 * 3_600_000;

let validator: ValidateFunction | null = null;
function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(buildRatesSchema());
  return validator;
}

/** What each repair shape takes. */
const SHAPE_FIELDS: Readonly<Record<RepairDistribution['shape'], readonly string[]>> = {
  lognormal: ['medianMs', 'sigma'],
  exponential: ['meanMs'],
  fixed: ['ms'],
};

interface RawRepair {
  readonly shape: RepairDistribution['shape'];
  readonly [field: string]: unknown;
}
interface RawRate {
  readonly perYear?: number;
  readonly repair?: RawRepair;
  readonly source?: string;
  readonly unverified?: boolean;
}
interface RawFile {
  readonly kinds?: Readonly<Partial<Record<ComponentKind, RawRate>>>;
  readonly components?: Readonly<Record<string, RawRate>>;
  readonly commonCause?: { readonly beta: number; readonly kinds?: readonly ComponentKind[] };
  readonly operatorRestore?: RawRepair & { readonly source?: string; readonly unverified?: boolean };
}

/** Reads and merges a rates file. @throws InputFileError, one line per problem (exit 2 in the CLI) */
export function loadRatesFile(path: string): RatesTable {
  return parseRatesText(readInputFile(path, 'yaml'), path);
}

/** A rates file's text, merged over DEFAULT_RATES. @throws InputFileError */
export function parseRatesText(text: string, file: string): RatesTable {
  const { data, doc, lines } = parseYamlInput(text, file, TOP_LEVEL);
  const problems: Located[] = [];
  if (!validate()(data)) {
    for (const e of validate().errors ?? []) {
      const p = shapeError(e) ? null : fromAjv(e, data);
      if (p) problems.push(p);
    }
  }
  // Shapes and durations are checked on a file whose structure is right (each problem said once).
  if (problems.length === 0) problems.push(...valueProblems(data as RawFile));
  if (problems.length > 0) {
    const located: InputProblem[] = problems.map((p) => {
      const pos = positionOf(doc, lines, p.path);
      return { line: pos?.line ?? null, col: pos?.col ?? null, message: `${formatPath(p.path)}: ${p.message}` };
    });
    located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
    throw new InputFileError(file, located);
  }
  return merged(data as RawFile, file);
}

/** The schema's per-shape `if/then` is for editors; the loader says the same in its own words. */
function shapeError(e: ErrorObject): boolean {
  return e.keyword === 'if' || e.schemaPath.includes('/allOf/');
}

/** A duration field's milliseconds, or null when it is not one. */
export function rateDurationMs(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const days = /^\s*(\d+(?:\.\d+)?)\s*d\s*$/.exec(value);
  if (days) return Number(days[1]) * DAY_MS;
  return parseDuration(value);
}

function repairProblems(r: RawRepair, path: readonly Segment[]): Located[] {
  const out: Located[] = [];
  const takes = SHAPE_FIELDS[r.shape];
  for (const f of takes)
    if (r[f] === undefined)
      out.push({ path: [...path, f], message: `missing; a ${r.shape} repair needs ${takes.join(' and ')}` });
  for (const f of Object.keys(SHAPE_FIELDS).flatMap((s) => SHAPE_FIELDS[s as RepairDistribution['shape']]))
    if (r[f] !== undefined && !takes.includes(f))
      out.push({ path: [...path, f], message: `not a field of a ${r.shape} repair; expected ${takes.join(' and ')}` });
  for (const f of ['medianMs', 'meanMs', 'ms'])
    if (r[f] !== undefined && rateDurationMs(r[f]) === null)
      out.push({
        path: [...path, f],
        message: `expected a duration (e.g. 7200000, 90s, 2h, 30d), found ${describeValue(r[f])}`,
      });
  if (r.shape === 'lognormal' && rateDurationMs(r.medianMs) === 0)
    out.push({ path: [...path, 'medianMs'], message: 'expected a median above 0 (a lognormal is never 0)' });
  return out;
}

function valueProblems(data: RawFile): Located[] {
  const out: Located[] = [];
  for (const [k, rate] of Object.entries(data.kinds ?? {}))
    if (rate?.repair) out.push(...repairProblems(rate.repair, ['kinds', k, 'repair']));
  for (const [id, rate] of Object.entries(data.components ?? {}))
    if (rate.repair) out.push(...repairProblems(rate.repair, ['components', id, 'repair']));
  if (data.operatorRestore) out.push(...repairProblems(data.operatorRestore, ['operatorRestore']));
  return out;
}

function toRepair(r: RawRepair): RepairDistribution {
  const ms = (f: string) => rateDurationMs(r[f])!;
  if (r.shape === 'lognormal') return { shape: 'lognormal', medianMs: ms('medianMs'), sigma: r.sigma as number };
  if (r.shape === 'exponential') return { shape: 'exponential', meanMs: ms('meanMs') };
  return { shape: 'fixed', ms: ms('ms') };
}

/** A file's fields as a partial rate; its source says the file when it changes a figure and gives none. */
function partial(raw: RawRate, file: string): Partial<KindRate> {
  const changes = raw.perYear !== undefined || raw.repair !== undefined;
  return {
    ...(raw.perYear !== undefined ? { perYear: raw.perYear } : {}),
    ...(raw.repair !== undefined ? { repair: toRepair(raw.repair) } : {}),
    ...(raw.source !== undefined ? { source: raw.source } : changes ? { source: `${file} (no source given)` } : {}),
    ...(raw.unverified !== undefined ? { unverified: raw.unverified } : {}),
  };
}

function merged(data: RawFile, file: string): RatesTable {
  const kinds = { ...DEFAULT_RATES.kinds };
  for (const [k, raw] of Object.entries(data.kinds ?? {}) as [ComponentKind, RawRate][]) {
    const over = partial(raw, file);
    const base = kinds[k];
    // A figure changed without a word on its provenance is no longer the default's (verified or not).
    const { unverified: _dropped, ...rest } = base;
    kinds[k] = { ...(over.source !== undefined && raw.unverified === undefined ? rest : base), ...over };
  }
  const components = Object.fromEntries(
    Object.entries(data.components ?? {}).map(([id, raw]) => [id, partial(raw, file)]),
  );
  const r = data.operatorRestore;
  const operatorRestore = r
    ? {
        ...toRepair(r),
        source: r.source ?? `${file} (no source given)`,
        ...(r.unverified !== undefined ? { unverified: r.unverified } : {}),
      }
    : DEFAULT_RATES.operatorRestore;
  const commonCause = data.commonCause
    ? { beta: data.commonCause.beta, ...(data.commonCause.kinds ? { kinds: [...data.commonCause.kinds] } : {}) }
    : null;
  return { kinds, components, commonCause, operatorRestore, file };
}

/**
 * Overrides that name no component of this design (a typo would otherwise change nothing, silently):
 * one line each, `file: components["id"]: …`. The CLI reports them as bad input.
 */
export function unknownComponentProblems(rates: RatesTable, fm: FailureModel): string[] {
  const ids = fm.components.map((c) => c.id);
  return Object.keys(rates.components)
    .filter((id) => !ids.includes(id))
    .map(
      (id) =>
        `${rates.file ?? '(rates)'}: ${formatPath(['components', id])}: no component \`${id}\` in this design${didYouMean(id, ids)}; expected one of the ${ids.length} component ids (e.g. ${ids.slice(0, 4).join(', ')})`,
    );
}
