// Summaries of repeated measurements: the median is the figure, min and max show the spread.

export interface Summary {
  median: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError('summarize: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Particle-steps per second of each timed repetition. */
export function rates(particles: number, steps: number, seconds: readonly number[]): number[] {
  return seconds.map((s) => (particles * steps) / s);
}
