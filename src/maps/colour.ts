// Colours of the maps and their legends, shared by the PNG export and the app's map view:
// arrival steps on a log scale (viridis), spectral radii on a log scale centred on rho = 1
// (blue below, red above), the prediction mask in four flat colours.
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';
import { DIVERGED, RUNNING } from './outcomes.ts';
import { PREDICTION } from './prediction.ts';

export type Rgb = [number, number, number];

export interface LegendLine {
  colour: Rgb;
  dashed: boolean;
  label: string;
}

export interface Legend {
  title: string;
  /** A continuous colour bar: colour(t) for t in [0, 1] from bottom to top, with ticks. */
  bar?: { colour(t: number): Rgb; ticks: { t: number; label: string }[] };
  swatches: { colour: Rgb; label: string }[];
  lines: LegendLine[];
}

export const DIVERGED_COLOUR: Rgb = [178, 24, 43];
export const RUNNING_COLOUR: Rgb = [140, 140, 140];
/** The rho = 1 contour of the map, and the closed-form critical curves over it. */
export const CONTOUR_LINE: LegendLine = { colour: [0, 0, 0], dashed: false, label: 'rho = 1' };
export const CRITICAL_LINE: LegendLine = {
  colour: [255, 255, 255],
  dashed: true,
  label: 'closed form',
};

const LUT_SIZE = 256;

/** d3 writes its colours as '#rrggbb' or 'rgb(r, g, b)'. */
function parseColour(css: string): Rgb {
  if (css.startsWith('#')) {
    const hex = Number.parseInt(css.slice(1), 16);
    return [(hex >> 16) & 255, (hex >> 8) & 255, hex & 255];
  }
  const [r, g, b] = (css.match(/\d+/g) ?? []).map(Number);
  return [r ?? 0, g ?? 0, b ?? 0];
}

function lookupTable(interpolate: (t: number) => string): (t: number) => Rgb {
  const table = Array.from({ length: LUT_SIZE }, (_, i) =>
    parseColour(interpolate(i / (LUT_SIZE - 1))),
  );
  return (t) => table[Math.round(Math.min(1, Math.max(0, t)) * (LUT_SIZE - 1))];
}

const viridis = lookupTable(interpolateViridis);
// t = 0 red, t = 1 blue: rho > 1 falls on the red half, rho < 1 on the blue one.
const redBlue = lookupTable(interpolateRdBu);

function formatTick(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** The arrival steps the colours span: the data's first and last, at least a factor 2 apart. */
export function arrivalRange(outcomes: ArrayLike<number>): [number, number] {
  let [low, high] = [Infinity, 0];
  for (let i = 0; i < outcomes.length; i++) {
    const code = outcomes[i];
    if (code >= DIVERGED) continue;
    low = Math.min(low, Math.max(1, code));
    high = Math.max(high, code);
  }
  if (!Number.isFinite(low)) return [1, 2];
  return [low, Math.max(high, 2 * low)];
}

/** Arrival step k on a log scale over [low, high] (step 0 shares the colour of step 1). */
function basinPosition(step: number, [low, high]: [number, number]): number {
  return Math.log(Math.max(1, step) / low) / Math.log(high / low);
}

export function basinColour(code: number, range: [number, number]): Rgb {
  if (code === RUNNING) return RUNNING_COLOUR;
  if (code >= DIVERGED) return DIVERGED_COLOUR;
  return viridis(basinPosition(code, range));
}

export function basinLegend(range: [number, number], steps: number, epsilon: number): Legend {
  const [low, high] = range;
  // The ends, and the round numbers 1, 2, 5 x 10^n well inside them (labels apart).
  const values = [low, high];
  for (let decade = 10 ** Math.floor(Math.log10(low)); decade <= high; decade *= 10) {
    for (const value of [decade, 2 * decade, 5 * decade]) {
      const t = basinPosition(value, range);
      if (t > 0.12 && t < 0.88) values.push(value);
    }
  }
  const ticks = [...new Set(values)]
    .sort((a, b) => a - b)
    .map((step) => ({ t: basinPosition(step, range), label: formatTick(step) }));
  return {
    title: `steps to |x| < ${formatTick(epsilon)}`,
    bar: { colour: viridis, ticks },
    swatches: [
      { colour: DIVERGED_COLOUR, label: 'diverged' },
      { colour: RUNNING_COLOUR, label: `not within ${steps}` },
    ],
    lines: [],
  };
}

/** Half-width, in decades, of the colour scale of log10 rho: the data's extent, within limits. */
export function stabilityDecades(radii: Float32Array): number {
  let decades = 0;
  for (const rho of radii) {
    if (rho > 0 && Number.isFinite(rho)) decades = Math.max(decades, Math.abs(Math.log10(rho)));
  }
  return Math.min(2, Math.max(0.05, decades));
}

function stabilityPosition(rho: number, decades: number): number {
  return 0.5 - (0.5 * Math.log10(rho)) / decades;
}

export function stabilityColour(rho: number, decades: number): Rgb {
  if (!(rho >= 0)) return RUNNING_COLOUR;
  return redBlue(stabilityPosition(rho, decades));
}

export function stabilityLegend(decades: number, withCriticalCurves: boolean): Legend {
  const ticks = [-1, -2 / 3, -1 / 3, 0, 1 / 3, 2 / 3, 1].map((k) => {
    const rho = 10 ** (k * decades);
    return { t: 1 - stabilityPosition(rho, decades), label: formatTick(rho) };
  });
  return {
    title: 'spectral radius rho',
    bar: { colour: (t) => redBlue(1 - t), ticks },
    swatches: [],
    lines: withCriticalCurves ? [CONTOUR_LINE, CRITICAL_LINE] : [CONTOUR_LINE],
  };
}

export const PREDICTION_COLOURS: Record<number, Rgb> = {
  [PREDICTION.notJudged]: [235, 235, 235],
  [PREDICTION.agrees]: [140, 190, 140],
  [PREDICTION.missedConvergence]: [230, 120, 30],
  [PREDICTION.unexpectedConvergence]: [50, 90, 220],
};

export function predictionLegend(
  radius: number,
  prediction: { converges: boolean; spectralRadius: number },
): Legend {
  const label = (code: number, text: string) => ({ colour: PREDICTION_COLOURS[code], label: text });
  const rho = formatTick(prediction.spectralRadius);
  return {
    title: `rho ${rho}: ${prediction.converges ? '' : 'no '}convergence predicted`,
    swatches: [
      label(PREDICTION.agrees, `agrees (|x| <= ${formatTick(radius)})`),
      label(PREDICTION.missedConvergence, 'predicted, did not arrive'),
      label(PREDICTION.unexpectedConvergence, 'not predicted, arrived'),
      label(PREDICTION.notJudged, 'not judged'),
    ],
    lines: [],
  };
}

/** RGBA pixels, row by row from the top, with a colour per value. */
export function colourise<T extends ArrayLike<number>>(
  values: T,
  colour: (value: number) => Rgb,
): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const [r, g, b] = colour(values[i]);
    rgba[4 * i] = r;
    rgba[4 * i + 1] = g;
    rgba[4 * i + 2] = b;
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}
