export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
}

export function figure(name: string, value: number, unit: string, baseline?: number): Figure {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return baseline === undefined
    ? { name, value: round(value), unit }
    : { name, value: round(value), unit, baseline: round(baseline), ratio: round(value / baseline) };
}
