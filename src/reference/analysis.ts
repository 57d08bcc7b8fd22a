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

export function analyze(config: Config, at: Vec2 = [0, 0]): Analysis {
  const { method, optimizer } = config;
  const [theta, psi] = at;
  const v = field(method, theta, psi);
  const J = jacobian(method, theta, psi);
  const values = J && eigenvalues(J);
  const update = J && updateJacobian(config, at);
  const matrix = update && 'matrix' in update ? update.matrix : null;
  const updateValues = matrix && eigenvalues(matrix);
  const radius = updateValues && spectralRadius(updateValues);

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
    verdict = flowVerdict(values);
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

  const stable = (h: number) => {
    const update = updateJacobian(withLearningRate(config, h), at);
    if ('reason' in update) return false;
    return spectralRadius(eigenvalues(update.matrix)) < 1 - NEUTRAL_TOLERANCE;
  };

  const { min, max } = OPTIMIZER_RANGES.lrG;
  const perDecade = 32;
  const count = Math.round(Math.log10(max / min) * perDecade);
  const grid = Array.from({ length: count + 1 }, (_, k) => min * 10 ** (k / perDecade));
  const first = grid.findIndex(stable);
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

function flowVerdict(values: Complex[]): { verdict: Verdict; text: string } {
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
  return { verdict: 'diverges', text: `spectral radius ${format(radius)} > 1 at ${rates}` };
}

function format(value: number): string {
  return String(Number(value.toPrecision(6)));
}
