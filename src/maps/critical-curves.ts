// Closed-form critical learning rates h*(p) of the Dirac-GAN at the equilibrium, where the
// guide to its maths gives them: simultaneous and alternating GD (one discriminator step),
// the gan or nsgan loss (f'(0) = 1/2) with one regulariser p on the diagram's other axis.
// Below h*, rho < 1. Curves are data for the renderer: points in the diagram's axes.
import type { Config } from '../model/config.ts';
import type { Point } from './contour.ts';
import type { MapAxis } from './parameters.ts';

export interface CriticalCurve {
  /** The formula, for legends and reports. */
  label: string;
  /** (horizontal, vertical) points in the diagram's axis coordinates. */
  points: Point[];
}

type Rule = 'simgd' | 'altgd';
type Regulariser = 'mse' | 'r1' | 'noise' | 'consensus';

interface ClosedForm {
  label: string;
  limit(p: number): number;
}

// R1 gamma (and instance noise, gamma = sigma^2 / 2 at the linear level): J = [[0, -1/2],
// [1/2, -gamma]]. MSE lambda: J = [[-2 lambda, -1/2], [1/2, 0]]. Consensus: J - gamma J^T J.
const simgdR1 = (gamma: number) =>
  gamma < 1 ? 4 * gamma : 4 / (gamma + Math.sqrt(gamma ** 2 - 1));
const altgdR1 = (gamma: number) => Math.min(2 / gamma, 4 * (Math.sqrt(gamma ** 2 + 1) - gamma));

const CLOSED_FORMS: Record<Rule, Record<Regulariser, ClosedForm>> = {
  simgd: {
    mse: {
      label: 'h = 8 lambda (lambda < 1/2), else 2 / (lambda + sqrt(lambda^2 - 1/4))',
      limit: (lambda) => (lambda < 0.5 ? 8 * lambda : 2 / (lambda + Math.sqrt(lambda ** 2 - 0.25))),
    },
    r1: {
      label: 'h = 4 gamma (gamma < 1), else 4 / (gamma + sqrt(gamma^2 - 1))',
      limit: simgdR1,
    },
    noise: {
      label: 'h = 2 sigma^2 (sigma < sqrt 2), else as R1 with gamma = sigma^2 / 2',
      limit: (sigma) => simgdR1(sigma ** 2 / 2),
    },
    consensus: {
      label: 'h = 8 gamma / (4 + gamma^2)',
      limit: (gamma) => (8 * gamma) / (4 + gamma ** 2),
    },
  },
  altgd: {
    mse: {
      label: 'h = min(1 / lambda, 8 (sqrt(lambda^2 + 1/4) - lambda))',
      limit: (lambda) => Math.min(1 / lambda, 8 * (Math.sqrt(lambda ** 2 + 0.25) - lambda)),
    },
    r1: {
      label: 'h = min(2 / gamma, 4 (sqrt(gamma^2 + 1) - gamma))',
      limit: altgdR1,
    },
    noise: {
      label: 'as R1 with gamma = sigma^2 / 2',
      limit: (sigma) => altgdR1(sigma ** 2 / 2),
    },
    consensus: {
      label: 'h = 8 / (2 + gamma)',
      limit: (gamma) => 8 / (2 + gamma),
    },
  },
};

const REGULARISERS: readonly Regulariser[] = ['mse', 'r1', 'noise', 'consensus'];

/** The closed form that applies to config with lr on one axis and p on the other, if any. */
export function closedForm(config: Config, axes: [MapAxis, MapAxis]): ClosedForm | null {
  const { method, optimizer } = config;
  const rule = optimizer.optimizer;
  if (rule !== 'simgd' && !(rule === 'altgd' && optimizer.dSteps === 1)) return null;
  if (method.loss !== 'gan' && method.loss !== 'nsgan') return null;

  const names = axes.map((axis) => axis.parameter);
  const regulariser = REGULARISERS.find((name) => names.includes(name));
  if (!names.includes('lr') || regulariser === undefined) return null;
  // Every other term of the field at the equilibrium must be off.
  const others = (['mse', 'r1', 'r2', 'noise', 'consensus', 'gp'] as const).filter(
    (name) => name !== regulariser,
  );
  if (others.some((name) => method[name] !== 0)) return null;
  return CLOSED_FORMS[rule][regulariser];
}

/** The critical curve over the regulariser's range, sampled at `samples` points. */
export function criticalCurves(
  config: Config,
  axes: [MapAxis, MapAxis],
  samples = 512,
): CriticalCurve[] {
  const form = closedForm(config, axes);
  if (form === null) return [];
  const lrFirst = axes[0].parameter === 'lr';
  const regulariser = lrFirst ? axes[1] : axes[0];

  const points: Point[] = [];
  for (let k = 0; k <= samples; k++) {
    const p = regulariser.min + ((regulariser.max - regulariser.min) * k) / samples;
    const h = form.limit(p);
    if (Number.isFinite(h)) points.push(lrFirst ? [h, p] : [p, h]);
  }
  return [{ label: form.label, points }];
}
