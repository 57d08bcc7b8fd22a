// Human-readable numbers, points, matrices and method descriptions for the CLI summaries.
import type { Method, Optimizer } from '../model/config.ts';
import type { Complex, Vec2 } from '../reference/types.ts';

/** Six significant digits; -0 prints as 0. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)) + 0);
}

export function formatPoint([theta, psi]: Vec2): string {
  return `(${formatNumber(theta)}, ${formatNumber(psi)})`;
}

export function formatMatrix(matrix: number[][]): string {
  return `[${matrix.map((row) => `[${row.map(formatNumber).join(', ')}]`).join(', ')}]`;
}

export function formatComplex([re, im]: Complex): string {
  if (im === 0) return formatNumber(re);
  return `${formatNumber(re)}${im < 0 ? '-' : '+'}${formatNumber(Math.abs(im))}i`;
}

/** The loss and every active regulariser, e.g. "nsgan + mse 1 + r1 0.3". */
export function describeMethod(method: Method): string {
  const loss = method.loss === 'lsgan' ? `lsgan (${method.lsCodes.join(', ')})` : method.loss;
  const terms = [loss];
  for (const key of ['mse', 'r1', 'r2', 'noise', 'consensus', 'clip'] as const) {
    if (method[key] !== 0) terms.push(`${key} ${formatNumber(method[key])}`);
  }
  if (method.gp !== 0) terms.push(`gp ${formatNumber(method.gp)} (target ${method.gpTarget})`);
  return terms.join(' + ');
}

export function describeOptimizer(optimizer: Optimizer): string {
  const rates = `lrG ${formatNumber(optimizer.lrG)}, lrD ${formatNumber(optimizer.lrD)}`;
  switch (optimizer.optimizer) {
    case 'flow':
      return `flow (RK4), dt ${formatNumber(optimizer.dt)}`;
    case 'euler':
      return `euler, dt ${formatNumber(optimizer.dt)}`;
    case 'altgd':
      return `altgd ${optimizer.order}, ${optimizer.dSteps} discriminator step(s), ${rates}`;
    case 'momentum':
      return `momentum, beta ${formatNumber(optimizer.beta)}, ${rates}`;
    default:
      return `${optimizer.optimizer}, ${rates}`;
  }
}
