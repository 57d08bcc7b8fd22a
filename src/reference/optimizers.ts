// The training rules in f64: one step of each optimiser on (theta, psi), the generator's
// learning rate on theta and the discriminator's on psi, the WGAN clip after every update.
import { type Config, FLOW_INTEGRATORS, type Method, type Optimizer } from '../model/config.ts';
import { field } from './field.ts';
import type { Vec2 } from './types.ts';

/**
 * One training run. memory is what the optimiser carries from the previous iterate x_prev:
 * momentum keeps x_prev itself, optimistic keeps v(x_prev) (the unscaled field there); the
 * other optimisers leave it at (0, 0).
 */
export interface State {
  x: Vec2;
  memory: Vec2;
}

/** A fresh run at x; the memory makes the first optimistic or momentum step a plain SimGD step. */
export function initialState(config: Config, x: Vec2): State {
  switch (config.optimizer.optimizer) {
    case 'optimistic':
      return { x: [x[0], x[1]], memory: field(config.method, x[0], x[1]) };
    case 'momentum':
      return { x: [x[0], x[1]], memory: [x[0], x[1]] };
    default:
      return { x: [x[0], x[1]], memory: [0, 0] };
  }
}

/** (h_G, h_D): the flow integrators move both players with the step dt. */
export function learningRates(optimizer: Optimizer): Vec2 {
  return FLOW_INTEGRATORS.includes(optimizer.optimizer)
    ? [optimizer.dt, optimizer.dt]
    : [optimizer.lrG, optimizer.lrD];
}

/** psi <- clamp(psi, -c, c) when the WGAN clip is on. */
export function clip(method: Method, x: Vec2): Vec2 {
  const c = method.clip;
  return c > 0 ? [x[0], Math.min(c, Math.max(-c, x[1]))] : x;
}

/** x + scale * H d, clipped. */
function advance(method: Method, x: Vec2, d: Vec2, [hG, hD]: Vec2, scale = 1): Vec2 {
  return clip(method, [x[0] + scale * hG * d[0], x[1] + scale * hD * d[1]]);
}

export function step(config: Config, state: State): State {
  const { method, optimizer } = config;
  const { x, memory } = state;
  const H = learningRates(optimizer);
  const v = (y: Vec2) => field(method, y[0], y[1]);

  switch (optimizer.optimizer) {
    case 'flow':
      return { x: rungeKutta4(method, x, H), memory };
    case 'euler':
    case 'simgd':
      return { x: advance(method, x, v(x), H), memory };
    case 'altgd':
      return { x: alternate(config, x), memory };
    case 'extragradient': {
      const lookahead = advance(method, x, v(x), H);
      return { x: advance(method, x, v(lookahead), H), memory };
    }
    case 'optimistic': {
      // x+ = x + 2 H v(x) - H v(x_prev)
      const vx = v(x);
      const d: Vec2 = [2 * vx[0] - memory[0], 2 * vx[1] - memory[1]];
      return { x: advance(method, x, d, H), memory: vx };
    }
    case 'momentum': {
      // x+ = x + H v(x) + beta (x - x_prev)
      const vx = v(x);
      const beta = optimizer.beta;
      const next: Vec2 = [
        x[0] + H[0] * vx[0] + beta * (x[0] - memory[0]),
        x[1] + H[1] * vx[1] + beta * (x[1] - memory[1]),
      ];
      return { x: clip(method, next), memory: x };
    }
  }
}

/** The trajectory of a fresh run: steps + 1 points, the start first. */
export function simulate(config: Config, start: Vec2, steps: number): Vec2[] {
  let state = initialState(config, start);
  const trajectory: Vec2[] = [state.x];
  for (let k = 0; k < steps; k++) {
    state = step(config, state);
    trajectory.push(state.x);
  }
  return trajectory;
}

/** Classical RK4; every stage point is clipped like any other update. */
function rungeKutta4(method: Method, x: Vec2, H: Vec2): Vec2 {
  const v = (y: Vec2) => field(method, y[0], y[1]);
  const k1 = v(x);
  const k2 = v(advance(method, x, k1, H, 1 / 2));
  const k3 = v(advance(method, x, k2, H, 1 / 2));
  const k4 = v(advance(method, x, k3, H));
  const d: Vec2 = [
    (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]) / 6,
    (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]) / 6,
  ];
  return advance(method, x, d, H);
}

/** Alternating GD: dSteps discriminator updates and one generator update, in config order. */
function alternate({ method, optimizer }: Config, x: Vec2): Vec2 {
  const H = learningRates(optimizer);
  const discriminator = (y: Vec2) => advance(method, y, [0, field(method, y[0], y[1])[1]], H);
  const generator = (y: Vec2) => advance(method, y, [field(method, y[0], y[1])[0], 0], H);

  let y = x;
  if (optimizer.order === 'gd') y = generator(y);
  for (let k = 0; k < optimizer.dSteps; k++) y = discriminator(y);
  if (optimizer.order === 'dg') y = generator(y);
  return y;
}
