// The JSON Schema of a rates file (`hafault availability --rates FILE`): the one definition of what
// such a file may hold. The loader validates with it (ajv) and editors autocomplete with the
// published copy, schema/rates.schema.json, written by `npm run schema` (a test keeps it current).
import { COMPONENT_KINDS } from './components.js';
import { DEFAULT_RATES } from './rates.js';

export const RATES_SCHEMA_ID = 'https://hafault.dev/schema/rates.schema.json';

/** Durations: milliseconds, or a number with a unit (`90s`, `2h`, `30d`). */
export const RATES_DURATION_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|min|h|d)?\\s*$';

/** The largest lognormal σ a file may give: at σ = 4 the mean is already e⁸ ≈ 3 000 times the median. */
export const MAX_SIGMA = 4;

export const REPAIR_SHAPES = ['lognormal', 'exponential', 'fixed'] as const;

const duration = (what: string) => ({
  type: ['number', 'string'],
  minimum: 0,
  pattern: RATES_DURATION_PATTERN,
  description: `${what} (milliseconds, or a duration such as 90s, 2h, 30d)`,
});

const repairFields = {
  shape: {
    enum: [...REPAIR_SHAPES],
    description: 'lognormal (medianMs, sigma), exponential (meanMs) or fixed (ms)',
  },
  medianMs: duration('Lognormal: the median repair time'),
  sigma: {
    type: 'number',
    minimum: 0,
    maximum: MAX_SIGMA,
    description: 'Lognormal: σ of the logarithm (the mean is median·exp(σ²/2))',
  },
  meanMs: duration('Exponential: the mean repair time'),
  ms: duration('Fixed: the repair time'),
};

/** For editors: which fields each shape needs (the loader says the same in its own words). */
const shapeNeeds = [
  ['lognormal', ['medianMs', 'sigma']],
  ['exponential', ['meanMs']],
  ['fixed', ['ms']],
].map(([shape, required]) => ({ if: { properties: { shape: { const: shape } } }, then: { required } }));

const repair = {
  type: 'object',
  additionalProperties: false,
  required: ['shape'],
  properties: repairFields,
  allOf: shapeNeeds,
  description: 'How long a repair takes: a distribution, drawn afresh for each failure',
};

const source = { type: 'string', minLength: 1, maxLength: 1000, description: 'Where the figures come from' };
const unverified = { type: 'boolean', description: 'Chosen without a published figure' };

const kindRate = (what: string) => ({
  type: 'object',
  additionalProperties: false,
  properties: {
    perYear: { type: 'number', minimum: 0, description: 'Failures per component per year (while it is up)' },
    repair: { $ref: '#/definitions/repair' },
    source,
    unverified,
  },
  description: what,
});

export function buildRatesSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: RATES_SCHEMA_ID,
    title: 'hafault rates',
    description:
      'Component failure rates and repair times for `hafault availability`, merged over the built-in defaults (docs/availability.md)',
    type: 'object',
    additionalProperties: false,
    definitions: { repair },
    properties: {
      $schema: { type: 'string', description: 'Where editors find this schema' },
      kinds: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          COMPONENT_KINDS.map((k) => [
            k,
            kindRate(`${k}: default ${DEFAULT_RATES.kinds[k].perYear} per year (${DEFAULT_RATES.kinds[k].source})`),
          ]),
        ),
        description: 'Per component kind: the fields given replace the defaults',
      },
      components: {
        type: 'object',
        additionalProperties: kindRate(
          'One component, by the id traces show (sw1, h1.mgmt0, san1, san1:restart, h1:hang)',
        ),
        description: "Per component id: the fields given replace its kind's",
      },
      commonCause: {
        type: 'object',
        additionalProperties: false,
        required: ['beta'],
        properties: {
          beta: {
            type: 'number',
            minimum: 0,
            maximum: 1,
            description: "Fraction of each kind's failures that take every component of the kind at once",
          },
          kinds: {
            type: 'array',
            uniqueItems: true,
            items: { enum: [...COMPONENT_KINDS] },
            description: 'The kinds it applies to (default: every kind with two or more components)',
          },
        },
        description: 'Correlated failures, beta-factor style (IEC 61508)',
      },
      operatorRestore: {
        type: 'object',
        additionalProperties: false,
        required: ['shape'],
        properties: { ...repairFields, source, unverified },
        allOf: shapeNeeds,
        description: 'How long an operator takes to restore a service the design left down',
      },
    },
  };
}
