// The Jacobian of one optimiser step, by the chain rule through the same stages as step():
// each stage carries its point and the point's derivative with respect to the state.
import type { Config, Method } from '../model/config.ts';
import { field, jacobian, nonDifferentiableReason } from './field.ts';
import { multiply } from './linear-algebra.ts';
import { learningRates } from './optimizers.ts';
import type { Vec2 } from './types.ts';

/** A point of a stage and its derivative: 2 rows, one column per state coordinate. */
interface Tangent {
  x: Vec2;
  dx: number[][];
}

export type UpdateJacobian = { matrix: number[][] } | { reason: string };

/**
 * d(step)/d(state) at the state sitting at x (x_prev = x): 2x2 on (theta, psi), or 4x4 on
 * (theta, psi, theta_prev, psi_prev) for optimistic and momentum. Where the clip is active
 * the clipped coordinate's row is zero; on the clip boundary the derivative from inside.
 */
export function updateJacobian(config: Config, x: Vec2): UpdateJacobian {
  try {
    return { matrix: differentiateStep(config, x) };
  } catch (error) {
    if (error instanceof NonDifferentiable) return { reason: error.message };
    throw error;
  }
}

class NonDifferentiable extends Error {}

function differentiateStep({ method, optimizer }: Config, x: Vec2): number[][] {
  const H = learningRates(optimizer);
  const start: Tangent = {
    x,
    dx: [
      [1, 0],
      [0, 1],
    ],
  };
  const fieldAt = (point: Tangent) => fieldTangent(method, point);
  const advance = (point: Tangent, d: Tangent, scale = 1) =>
    clipTangent(method, {
      x: [point.x[0] + scale * H[0] * d.x[0], point.x[1] + scale * H[1] * d.x[1]],
      dx: point.dx.map((row, i) => row.map((value, j) => value + scale * H[i] * d.dx[i][j])),
    });

  switch (optimizer.optimizer) {
    case 'flow': {
      const k1 = fieldAt(start);
      const k2 = fieldAt(advance(start, k1, 1 / 2));
      const k3 = fieldAt(advance(start, k2, 1 / 2));
      const k4 = fieldAt(advance(start, k3));
      return advance(start, combine([k1, k2, k3, k4], [1 / 6, 2 / 6, 2 / 6, 1 / 6])).dx;
    }
    case 'euler':
    case 'simgd':
      return advance(start, fieldAt(start)).dx;
    case 'altgd': {
      const player = (point: Tangent, row: 0 | 1) => {
        const v = fieldAt(point);
        const other = 1 - row;
        v.x[other] = 0;
        v.dx[other] = v.dx[other].map(() => 0);
        return advance(point, v);
      };
      let y = start;
      if (optimizer.order === 'gd') y = player(y, 0);
      for (let k = 0; k < optimizer.dSteps; k++) y = player(y, 1);
      if (optimizer.order === 'dg') y = player(y, 0);
      return y.dx;
    }
    case 'extragradient': {
      const lookahead = advance(start, fieldAt(start));
      return advance(start, fieldAt(lookahead)).dx;
    }
    case 'optimistic': {
      // State (x, x_prev): x+ = x + 2 H v(x) - H v(x_prev), x_prev+ = x.
      const current = withPrevious(start, 'current');
      const previous = withPrevious(start, 'previous');
      const d = combine([fieldAt(current), fieldAt(previous)], [2, -1]);
      return [...advance(current, d).dx, ...current.dx];
    }
    case 'momentum': {
      // State (x, x_prev): x+ = x + H v(x) + beta (x - x_prev), x_prev+ = x.
      const current = withPrevious(start, 'current');
      const previous = withPrevious(start, 'previous');
      const v = fieldAt(current);
      const beta = optimizer.beta;
      const pre: Tangent = {
        x: [0, 1].map(
          (i) => current.x[i] + H[i] * v.x[i] + beta * (current.x[i] - previous.x[i]),
        ) as Vec2,
        dx: [0, 1].map((i) =>
          current.dx[i].map(
            (value, j) => value + H[i] * v.dx[i][j] + beta * (value - previous.dx[i][j]),
          ),
        ),
      };
      return [...clipTangent(method, pre).dx, ...current.dx];
    }
  }
}

/** The same point seen as x or as x_prev in the 4-D state (theta, psi, theta_prev, psi_prev). */
function withPrevious(point: Tangent, role: 'current' | 'previous'): Tangent {
  const offset = role === 'current' ? 0 : 2;
  return { x: point.x, dx: [0, 1].map((i) => [0, 1, 2, 3].map((j) => (j === i + offset ? 1 : 0))) };
}

function fieldTangent(method: Method, point: Tangent): Tangent {
  const [theta, psi] = point.x;
  const J = jacobian(method, theta, psi);
  if (J === null) {
    throw new NonDifferentiable(
      `the update passes through (${theta}, ${psi}) where ${nonDifferentiableReason(method, theta, psi)}`,
    );
  }
  return { x: field(method, theta, psi), dx: multiply(J, point.dx) };
}

function clipTangent(method: Method, point: Tangent): Tangent {
  const c = method.clip;
  if (c === 0 || Math.abs(point.x[1]) <= c) return point;
  return {
    x: [point.x[0], Math.sign(point.x[1]) * c],
    dx: [point.dx[0], point.dx[1].map(() => 0)],
  };
}

function combine(terms: Tangent[], coefficients: number[]): Tangent {
  const sum = (pick: (term: Tangent) => number) =>
    terms.reduce((total, term, k) => total + coefficients[k] * pick(term), 0);
  return {
    x: [sum((term) => term.x[0]), sum((term) => term.x[1])],
    dx: terms[0].dx.map((row, i) => row.map((_, j) => sum((term) => term.dx[i][j]))),
  };
}
