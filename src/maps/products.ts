// A computed map as everything its consumers need: one exported value per pixel with what it
// means, the picture (colours, overlays, legend) and a one-line summary.
import { describeMethod, describeOptimizer } from '../cli/format.ts';
import type { Config } from '../model/config.ts';
import {
  CONTOUR_LINE,
  CRITICAL_LINE,
  arrivalRange,
  basinColour,
  basinLegend,
  colourise,
  predictionLegend,
  PREDICTION_COLOURS,
  stabilityColour,
  stabilityDecades,
  stabilityLegend,
} from './colour.ts';
import { type Point, contourSegments } from './contour.ts';
import { type CriticalCurve, criticalCurves } from './critical-curves.ts';
import { columnValues, rowValues, viewAxes } from './grid.ts';
import { DIVERGED, RUNNING, outcomeValue } from './outcomes.ts';
import { PARAMETER_INFO } from './parameters.ts';
import type { LabelledAxis, MapPictureSpec } from './picture.ts';
import { predictionMask, summarizePrediction } from './prediction.ts';
import type { BasinSpec, MapKind, StabilitySpec } from './specs.ts';

export interface ExportAxis extends LabelledAxis {
  /** Short name: a column name in CSV, a key in the raw header. */
  name: string;
}

export interface MapProduct {
  kind: MapKind;
  width: number;
  height: number;
  axes: [ExportAxis, ExportAxis];
  /** One value per pixel, row by row from the top. */
  values: Float32Array;
  value: { name: string; meaning: string };
  /** What made the map, for the raw header. */
  settings: Record<string, unknown>;
  picture: MapPictureSpec;
  summary: string;
}

const THETA_AXIS = { name: 'theta', label: 'theta (generator)' };
const PSI_AXIS = { name: 'psi', label: 'psi (discriminator)' };

function describe(config: Config): string {
  return `${describeMethod(config.method)}; ${describeOptimizer(config.optimizer)}`;
}

function percent(count: number, total: number): string {
  return `${((100 * count) / total).toFixed(1)}%`;
}

function basinAxes(spec: BasinSpec): [ExportAxis, ExportAxis] {
  const [theta, psi] = viewAxes(spec.view);
  return [
    { ...THETA_AXIS, ...theta },
    { ...PSI_AXIS, ...psi },
  ];
}

export function basinProduct(spec: BasinSpec, outcomes: Uint32Array): MapProduct {
  const axes = basinAxes(spec);
  const range = arrivalRange(outcomes);
  const counts = { converged: 0, diverged: 0, running: 0 };
  for (const code of outcomes) {
    if (code === RUNNING) counts.running++;
    else if (code >= DIVERGED) counts.diverged++;
    else counts.converged++;
  }
  const total = outcomes.length;
  return {
    kind: 'basin',
    width: spec.width,
    height: spec.height,
    axes,
    values: Float32Array.from(outcomes, outcomeValue),
    value: {
      name: 'steps',
      meaning:
        `the first step k <= ${spec.steps} with |x_k| < ${spec.epsilon} (k >= 0); -k if x_k ` +
        `was the first non-finite iterate or beyond |x| = ${spec.bound}; NaN if neither ` +
        `happened within ${spec.steps} steps`,
    },
    settings: basinSettings(spec),
    picture: {
      title: `basin: ${describe(spec.config)}`,
      image: {
        width: spec.width,
        height: spec.height,
        data: colourise(outcomes, (code) => basinColour(code, range)),
      },
      axes,
      legend: basinLegend(range, spec.steps, spec.epsilon),
      overlays: [],
    },
    summary:
      `${spec.width} x ${spec.height} basin map: ${percent(counts.converged, total)} arrived, ` +
      `${percent(counts.diverged, total)} diverged, ${percent(counts.running, total)} not ` +
      `within ${spec.steps} steps`,
  };
}

function basinSettings(spec: BasinSpec): Record<string, unknown> {
  const { config, steps, epsilon, bound } = spec;
  return { config, steps, epsilon, bound };
}

export function stabilityAxes(spec: StabilitySpec): [ExportAxis, ExportAxis] {
  return spec.axes.map((axis) => ({
    name: PARAMETER_INFO[axis.parameter].flag,
    label: PARAMETER_INFO[axis.parameter].label,
    min: axis.min,
    max: axis.max,
  })) as [ExportAxis, ExportAxis];
}

/** The rho = 1 contour as two-point polylines, and the closed-form curves that apply. */
export function stabilityOverlays(
  spec: StabilitySpec,
  radii: Float32Array,
): { contour: Point[][]; curves: CriticalCurve[] } {
  const segments = contourSegments(radii, spec.width, spec.height, spec.axes, 1);
  return { contour: segments, curves: criticalCurves(spec.config, spec.axes) };
}

export function stabilityProduct(spec: StabilitySpec, radii: Float32Array): MapProduct {
  const axes = stabilityAxes(spec);
  const decades = stabilityDecades(radii);
  const { contour, curves } = stabilityOverlays(spec, radii);
  let below = 0;
  let [low, high] = [Infinity, -Infinity];
  for (const rho of radii) {
    if (rho < 1) below++;
    low = Math.min(low, rho);
    high = Math.max(high, rho);
  }
  const closedForms = curves.map((curve) => `; closed form ${curve.label}`).join('');
  return {
    kind: 'stability',
    width: spec.width,
    height: spec.height,
    axes,
    values: radii,
    value: {
      name: 'rho',
      meaning:
        'spectral radius of the Jacobian of one optimiser step at the equilibrium (0, 0); ' +
        'rho < 1: training converges from near the equilibrium',
    },
    settings: {
      config: spec.config,
      criticalCurves: curves.map((curve) => curve.label),
    },
    picture: {
      title: `stability: ${describe(spec.config)}; the axes set ${axes[0].name}, ${axes[1].name}`,
      image: {
        width: spec.width,
        height: spec.height,
        data: colourise(radii, (rho) => stabilityColour(rho, decades)),
      },
      axes,
      legend: stabilityLegend(decades, curves.length > 0),
      overlays: [
        { polylines: contour, style: CONTOUR_LINE },
        { polylines: curves.map((curve) => curve.points), style: CRITICAL_LINE },
      ],
    },
    summary:
      `${spec.width} x ${spec.height} stability map: rho from ${low.toPrecision(4)} to ` +
      `${high.toPrecision(4)}, below 1 on ${percent(below, radii.length)}${closedForms}`,
  };
}

/** The linear prediction: the f64 reference's verdict at the equilibrium. */
export interface LinearPrediction {
  converges: boolean;
  spectralRadius: number;
}

export function predictionProduct(
  spec: BasinSpec,
  outcomes: Uint32Array,
  prediction: LinearPrediction,
  radius: number,
): MapProduct {
  const { converges, spectralRadius } = prediction;
  const axes = basinAxes(spec);
  const [theta, psi] = viewAxes(spec.view);
  const mask = predictionMask(
    outcomes,
    columnValues(theta, spec.width),
    rowValues(psi, spec.height),
    converges,
    radius,
  );
  const { judged, disagreeing } = summarizePrediction(mask);
  return {
    kind: 'prediction',
    width: spec.width,
    height: spec.height,
    axes,
    values: Float32Array.from(mask),
    value: {
      name: 'prediction',
      meaning:
        `within |x| <= ${radius} of the equilibrium: 1 the run agrees with the linear ` +
        `prediction (rho = ${spectralRadius}: ${converges ? '' : 'no '}convergence), 2 ` +
        `predicted to converge but did not arrive within ${spec.steps} steps, 3 not predicted ` +
        'to converge but arrived; 0 not judged (farther out, or starting within epsilon)',
    },
    settings: { ...basinSettings(spec), spectralRadius, predictedToConverge: converges, radius },
    picture: {
      title: `linear prediction vs basin: ${describe(spec.config)}`,
      image: {
        width: spec.width,
        height: spec.height,
        data: colourise(mask, (code) => PREDICTION_COLOURS[code]),
      },
      axes,
      legend: predictionLegend(radius, prediction),
      overlays: [],
    },
    summary:
      `${spec.width} x ${spec.height} prediction map: ${disagreeing} of ${judged} starts ` +
      `within |x| <= ${radius} disagree with the prediction (rho = ` +
      `${spectralRadius.toPrecision(6)}: ${converges ? 'converges' : 'does not converge'})`,
  };
}
