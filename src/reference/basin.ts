// When one training run first comes within epsilon of the equilibrium (0, 0), in f64: the
// reference of the basin map's pixels.
import type { Config } from '../model/config.ts';
import type { BasinOutcome } from '../maps/outcomes.ts';
import { initialState, step } from './optimizers.ts';
import type { Vec2 } from './types.ts';

export interface ArrivalRule {
  /** K: steps the run has. */
  steps: number;
  /** Arrived: |x| < epsilon. */
  epsilon: number;
  /** Diverged: |x| > bound or x not finite. */
  bound: number;
}

/** The first k <= K with x_k diverged or arrived (divergence checked first), else running. */
export function firstArrival(config: Config, start: Vec2, rule: ArrivalRule): BasinOutcome {
  let state = initialState(config, start);
  for (let k = 0; ; k++) {
    const distance = Math.hypot(state.x[0], state.x[1]);
    if (!Number.isFinite(state.x[0] + state.x[1]) || distance > rule.bound) {
      return { kind: 'diverged', step: k };
    }
    if (distance < rule.epsilon) return { kind: 'converged', step: k };
    if (k === rule.steps) return { kind: 'running' };
    state = step(config, state);
  }
}
