// CPU measurements: the tuned Float32Array loop, the f64 reference stepped particle by
// particle, and how far the two (and the GPU) end apart after the same steps.
import type { Config } from '../model/config.ts';
import { initialState, step } from '../reference/optimizers.ts';
import { tunedLoop } from './cpu-loop.ts';

/** Particles the tuned loop runs once, untimed, so V8 has optimised it before the clock starts. */
const JIT_WARMUP_PARTICLES = 4_096;

/** Seconds of each repetition of `steps` tuned-loop steps over all of `starts`. */
export function timeTunedLoop(
  config: Config,
  starts: Float32Array,
  steps: number,
  repetitions: number,
): number[] {
  const loop = tunedLoop(config);
  const positions = starts.slice();
  loop(positions.slice(0, 2 * JIT_WARMUP_PARTICLES), steps);

  const seconds: number[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const begin = performance.now();
    loop(positions, steps);
    seconds.push((performance.now() - begin) / 1000);
  }
  return seconds;
}

/** The f64 reference's `step`, particle after particle, as the app's maths defines it. */
export function referenceLoop(config: Config, starts: Float32Array, steps: number): Float64Array {
  const finals = new Float64Array(starts.length);
  for (let i = 0; i < starts.length; i += 2) {
    let state = initialState(config, [starts[i], starts[i + 1]]);
    for (let k = 0; k < steps; k++) state = step(config, state);
    finals[i] = state.x[0];
    finals[i + 1] = state.x[1];
  }
  return finals;
}

export function timeReferenceLoop(
  config: Config,
  starts: Float32Array,
  steps: number,
  repetitions: number,
): number[] {
  const seconds: number[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const begin = performance.now();
    referenceLoop(config, starts, steps);
    seconds.push((performance.now() - begin) / 1000);
  }
  return seconds;
}

/** The tuned loop's final (theta, psi) pairs after `steps` steps from `starts`. */
export function tunedFinals(config: Config, starts: Float32Array, steps: number): Float32Array {
  const positions = starts.slice();
  tunedLoop(config)(positions, steps);
  return positions;
}

/** Largest |a_i - b_i| over both coordinates of every particle. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError('maxAbsDifference: lengths differ');
  let largest = 0;
  for (let i = 0; i < a.length; i++) {
    const difference = Math.abs(a[i] - b[i]);
    // NaN must not pass as agreement.
    largest = difference > largest || Number.isNaN(difference) ? difference : largest;
  }
  return largest;
}
