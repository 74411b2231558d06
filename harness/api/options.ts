// The options of the library API as command-line arguments: one mapping for every command, so an
// option means exactly what its flag means (docs/commands/). Paths are relative to the process's
// working directory, as on the command line.

/** A setting's value: `'120s'`, `120000`, `true`, `'seed-2009'`. */
export type SettingScalar = string | number | boolean;
/** A setting's value, or several for the commands that compare settings (sweep, run). */
export type SettingValue = SettingScalar | readonly SettingScalar[];

/** Which design: a built-in model (and preset), or your own topology file. */
export interface DesignOptions<Value = SettingScalar> {
  /** A built-in model's name (`xenserver-ha`), or a path to your own model module (`./my-model.ts`). */
  readonly model?: string;
  readonly preset?: string;
  /** A YAML or JSON topology file naming its model (not with `model`/`preset`). */
  readonly topology?: string;
  /** Settings, e.g. `{ timeoutMs: '120s' }` (`--set timeoutMs=120s`). */
  readonly set?: Readonly<Record<string, Value>>;
  /** Judge only these properties. */
  readonly properties?: readonly string[];
  /** Where trace files and pages go (default `hafault-out`). */
  readonly out?: string;
}

/** What is searched: how many schedules, from which seed, how many faults each. */
export interface SearchOptions {
  readonly runs?: number;
  readonly seed?: number;
  readonly maxFaults?: number;
  /** `false`: never repair a fault once it happened (`--no-repairs`). */
  readonly repairs?: boolean;
}

type Flag = readonly [flag: string, value: string | number | boolean | undefined];

/** `--flag value` for each given value; `true` is a bare flag, `false` and undefined add nothing. */
export function flags(pairs: readonly Flag[]): string[] {
  return pairs.flatMap(([flag, value]) => {
    if (value === undefined || value === false) return [];
    if (value === true) return [flag];
    return [flag, String(value)];
  });
}

/** The arguments every design-taking command shares. */
export function designArgs(o: DesignOptions<SettingValue>): string[] {
  const sets = Object.entries(o.set ?? {}).flatMap(([key, value]) => [
    '--set',
    `${key}=${Array.isArray(value) ? value.join(',') : String(value as SettingScalar)}`,
  ]);
  const properties = (o.properties ?? []).flatMap((p) => ['--property', p]);
  return [
    ...flags([
      ['--model', o.model],
      ['--preset', o.preset],
      ['--topology', o.topology],
      ['--out', o.out],
    ]),
    ...sets,
    ...properties,
  ];
}

/** The arguments of a random search. */
export function searchArgs(o: SearchOptions): string[] {
  return [
    ...flags([
      ['--runs', o.runs],
      ['--seed', o.seed],
      ['--max-faults', o.maxFaults],
    ]),
    ...(o.repairs === false ? ['--no-repairs'] : []),
  ];
}
