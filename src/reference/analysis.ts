// Local stability of a method at a point: the field's Jacobian and its eigenvalues, the update
// map's Jacobian and spectral radius, the largest stable learning rate, and a verdict.
import { type Config, cloneConfig, OPTIMIZER_RANGES } from '../model/config.ts';
import { field, jacobian, nonDifferentiableReason } from './field.ts';
import { eigenvalues, spectralRadius } from './linear-algebra.ts';
import { updateJacobian } from './update-jacobian.ts';
import type { Complex, Mat2, Vec2 } from './types.ts';

export type Verdict = 'converges' | 'circles' | 'diverges' | 'undefined';

export interface Analysis {
  point: Vec2;
  field: Vec2;
  jacobian: Mat2 | null;
  eigenvalues: Complex[] | null;
  updateJacobian: number[][] | null;
  updateEigenvalues: Complex[] | null;
  spectralRadius: number | null;
  criticalLearningRate: number | null;
  verdict: Verdict;
  /** One line, the verdict first. */
  verdictText: string;
}

/** Real parts within this of 0, or spectral radii within this of 1, are neutral: circles. */
export const NEUTRAL_TOLERANCE = 1e-12;

// A repeated eigenvalue 1 of a defective update map (LSGAN's nilpotent J under momentum, say)
// comes out of the eigenvalue solver off by about sqrt(machine epsilon * |update map|), so a
// scanned step counts as stable only that far below 1, and never closer than 1e-6.
const DEFECTIVE_TOLERANCE = 1e-6;

export function analyze(config: Config, at: Vec2 = [0, 0]): Analysis {
  const { method, optimizer } = config;
  const [theta, psi] = at;
  const v = field(method, theta, psi);
  const J = jacobian(method, theta, psi);
  const values = J && eigenvalues(J);
  const update = J && updateJacobian(config, at);
  const computed = update && 'matrix' in update ? update.matrix : null;
  // Entries or eigenvalues beyond f64 (altgd's discriminator steps compound a huge learning
  // rate): one step stretches some perturbation past ~1e154, so the radius is Infinity and
  // there are no eigenvalues to show.
  const updateValues =
    computed && isFiniteMatrix(computed) ? finiteValues(eigenvalues(computed)) : null;
  const overflow = computed !== null && updateValues === null;
  const matrix = overflow ? null : computed;
  const radius = overflow ? Infinity : updateValues && spectralRadius(updateValues);

  const analysis: Analysis = {
    point: [theta, psi],
    field: v,
    jacobian: J,
    eigenvalues: values,
    updateJacobian: matrix,
    updateEigenvalues: updateValues,
    spectralRadius: radius,
    criticalLearningRate: J && criticalLearningRate(config, at),
    verdict: 'undefined',
    verdictText: '',
  };

  let verdict: { verdict: Verdict; text: string };
  if (values === null) {
    verdict = {
      verdict: 'undefined',
      text: `J does not exist: ${nonDifferentiableReason(method, theta, psi)}`,
    };
  } else if (optimizer.optimizer === 'flow') {
    verdict = flowVerdict(values, radius);
  } else if (radius === null) {
    verdict = { verdict: 'undefined', text: (update as { reason: string }).reason };
  } else {
    verdict = stepVerdict(config, radius);
  }
  const offEquilibrium =
    verdict.verdict !== 'undefined' && Math.hypot(v[0], v[1]) > NEUTRAL_TOLERANCE;
  analysis.verdict = verdict.verdict;
  analysis.verdictText =
    `${verdict.verdict}: ${verdict.text}` +
    (offEquilibrium ? ` (linearised off equilibrium, |v| = ${format(Math.hypot(...v))})` : '');
  return analysis;
}

/**
 * The largest h with spectral radius < 1 when both learning rates (or dt, for the flow
 * integrators) equal h; null where no h converges. SimGD has the closed form
 * min over eigenvalues l of J of 2 |Re l| / |l|^2; the rest scan h on a log grid over the
 * learning-rate range and bisect the end of the first stable interval.
 */
export function criticalLearningRate(config: Config, at: Vec2 = [0, 0]): number | null {
  const J = jacobian(config.method, at[0], at[1]);
  if (J === null) return null;
  if (config.optimizer.optimizer === 'simgd') return simgdLimit(eigenvalues(J));

  // How far below 1 the spectral radius lies; the margin is the solver's error on a
  // repeated eigenvalue. The scan needs that margin; the bisection, inside a stable interval,
  // the exact bound.
  const clearance = (h: number, margin: number) => {
    const update = updateJacobian(withLearningRate(config, h), at);
    if ('reason' in update || !isFiniteMatrix(update.matrix)) return false;
    const size = Math.max(...update.matrix.flat().map(Math.abs));
    const defective = Math.max(DEFECTIVE_TOLERANCE, 10 * Math.sqrt(Number.EPSILON * size));
    return (
      spectralRadius(eigenvalues(update.matrix)) < 1 - (margin ? defective : NEUTRAL_TOLERANCE)
    );
  };
  const clearlyStable = (h: number) => clearance(h, 1);
  const stable = (h: number) => clearance(h, 0);

  const { min, max } = OPTIMIZER_RANGES.lrG;
  const perDecade = 32;
  const count = Math.round(Math.log10(max / min) * perDecade);
  const grid = Array.from({ length: count + 1 }, (_, k) => min * 10 ** (k / perDecade));
  const first = grid.findIndex(clearlyStable);
  if (first === -1) return null;
  const end = grid.findIndex((h, k) => k > first && !stable(h));
  // Still stable at the top of the range: report the range's bound, the most we looked at.
  if (end === -1) return max;

  let [low, high] = [grid[end - 1], grid[end]];
  while ((high - low) / high > 1e-13) {
    const middle = (low + high) / 2;
    if (stable(middle)) low = middle;
    else high = middle;
  }
  return low;
}

function simgdLimit(values: Complex[]): number | null {
  if (values.some(([re]) => re >= 0)) return null;
  return Math.min(...values.map(([re, im]) => (2 * Math.abs(re)) / (re * re + im * im)));
}

function withLearningRate(config: Config, h: number): Config {
  const scaled = cloneConfig(config);
  Object.assign(scaled.optimizer, { lrG: h, lrD: h, dt: h });
  return scaled;
}

function isFiniteMatrix(matrix: number[][]): boolean {
  return matrix.every((row) => row.every(Number.isFinite));
}

/** null where the closed form overflowed (entries near 1e154 and above). */
function finiteValues(values: Complex[]): Complex[] | null {
  return values.every(([re, im]) => Number.isFinite(re) && Number.isFinite(im)) ? values : null;
}

/**
 * The exact flow's verdict from J, unless the RK4 step at this dt is itself unstable (radius
 * above 1): then the particles, which take that step, diverge whatever the flow does.
 */
function flowVerdict(values: Complex[], radius: number | null): { verdict: Verdict; text: string } {
  if (radius !== null && radius > 1 + NEUTRAL_TOLERANCE) {
    return { verdict: 'diverges', text: `the RK4 step is unstable: ${radiusText(radius)}` };
  }
  const largest = Math.max(...values.map(([re]) => re));
  if (Math.abs(largest) <= NEUTRAL_TOLERANCE) {
    return { verdict: 'circles', text: 'the largest real part of the eigenvalues of J is 0' };
  }
  if (largest < 0) {
    return {
      verdict: 'converges',
      text: `all eigenvalues of J have Re < 0 (largest ${format(largest)})`,
    };
  }
  return { verdict: 'diverges', text: `an eigenvalue of J has Re = ${format(largest)} > 0` };
}

function stepVerdict(config: Config, radius: number): { verdict: Verdict; text: string } {
  const { optimizer } = config;
  const rates =
    optimizer.optimizer === 'euler'
      ? `dt = ${format(optimizer.dt)}`
      : `lrG = ${format(optimizer.lrG)}, lrD = ${format(optimizer.lrD)}`;
  if (Math.abs(radius - 1) < NEUTRAL_TOLERANCE) {
    return { verdict: 'circles', text: `spectral radius 1 at ${rates}` };
  }
  if (radius < 1) {
    return { verdict: 'converges', text: `spectral radius ${format(radius)} < 1 at ${rates}` };
  }
  return { verdict: 'diverges', text: `${radiusText(radius)} at ${rates}` };
}

/** Why a radius above 1 diverges. */
function radiusText(radius: number): string {
  return Number.isFinite(radius)
    ? `spectral radius ${format(radius)} > 1`
    : 'the update map overflows double precision';
}

function format(value: number): string {
  return String(Number(value.toPrecision(6)));
}
