// Exact distributions in bounded memory: a count per distinct value. Simulated times are integer
// milliseconds on a few timer grids, so a sweep of a million runs keeps a few hundred entries, never
// a list per run; counts add up in any order, so workers' partial results merge to the same answer.

export type Histogram = Map<number, number>;

export function addSample(h: Histogram, value: number): void {
  h.set(value, (h.get(value) ?? 0) + 1);
}

export function mergeHistogram(into: Histogram, from: Histogram): void {
  for (const [v, n] of from) into.set(v, (into.get(v) ?? 0) + n);
}

export interface Distribution {
  readonly samples: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** Nearest-rank quantiles (a value that occurred), or null without samples. */
export function summarize(h: Histogram): Distribution | null {
  const values = [...h.keys()].sort((a, b) => a - b);
  let samples = 0;
  let sum = 0;
  for (const v of values) {
    samples += h.get(v)!;
    sum += v * h.get(v)!;
  }
  if (samples === 0) return null;
  const quantile = (q: number): number => {
    const rank = Math.max(1, Math.ceil(q * samples));
    let seen = 0;
    for (const v of values) {
      seen += h.get(v)!;
      if (seen >= rank) return v;
    }
    return values[values.length - 1];
  };
  return {
    samples,
    mean: Math.round(sum / samples),
    p50: quantile(0.5),
    p95: quantile(0.95),
    max: values[values.length - 1],
  };
}
