// Number formats shared by the tables, the plot and the progress line.

const PREFIXES: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** 3 significant digits with an SI prefix: 14.7 M, 512 k, 1.05 G. */
export function si(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  for (const [scale, prefix] of PREFIXES) {
    if (magnitude >= scale) return `${(value / scale).toPrecision(3)} ${prefix}`;
  }
  return value.toPrecision(3);
}

/** 1,048,576 */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** 3.2x, 0.41x, 120x */
export function ratio(value: number): string {
  return `${value >= 100 ? value.toFixed(0) : value.toPrecision(2)}x`;
}

/** 4K, 16K, 1M, 16M: particle counts on the plot axis. */
export function binary(value: number): string {
  if (value >= 2 ** 20 && value % 2 ** 20 === 0) return `${value / 2 ** 20}M`;
  if (value >= 2 ** 10 && value % 2 ** 10 === 0) return `${value / 2 ** 10}K`;
  return String(value);
}
