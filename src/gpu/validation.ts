// The particle kernel against the f64 reference on a sample of starts, with the tolerance rule
// of the GPU tests: the check behind the app's Validate action.
import { type Config } from '../model/config.ts';
import { simulate } from '../reference/optimizers.ts';
import type { Vec2 } from '../reference/types.ts';
import { type ShaderLibrary } from './shader-library.ts';
import { ParticleSimulation, type SpawnBox } from './simulation.ts';

/** f32 unit roundoff 2^-24: the relative error of one correctly rounded operation. */
export const UNIT_ROUNDOFF = 2 ** -24;

/**
 * Tolerance on |gpu - reference| / max(1, |reference|) after `steps` steps: a handful of f32
 * roundings per step (16 leaves room), growing about linearly for flows that neither damp nor
 * amplify errors much.
 */
export function stepTolerance(steps: number): number {
  return 16 * steps * UNIT_ROUNDOFF;
}

export interface Validation {
  steps: number;
  sampled: number;
  /** Largest |gpu - reference| / max(1, |reference|); Infinity if some GPU result is not finite. */
  worstError: number;
  tolerance: number;
  /** Starts whose error exceeds the tolerance. */
  failures: number;
  worstStart: Vec2 | null;
  passed: boolean;
}

/** side x side starts at the cell centres of `box`, as (theta, psi) pairs. */
export function gridStarts(box: SpawnBox, side: number): Float32Array<ArrayBuffer> {
  const starts = new Float32Array(2 * side * side);
  for (let row = 0; row < side; row++) {
    for (let column = 0; column < side; column++) {
      const index = 2 * (row * side + column);
      starts[index] = box.thetaMin + ((column + 0.5) * (box.thetaMax - box.thetaMin)) / side;
      starts[index + 1] = box.psiMin + ((row + 0.5) * (box.psiMax - box.psiMin)) / side;
    }
  }
  return starts;
}

/** Compares GPU end points with the reference run from the same (f32) starts. */
export function compareWithReference(
  config: Config,
  starts: Float32Array,
  gpu: Float32Array,
  steps: number,
): Validation {
  const tolerance = stepTolerance(steps);
  let worstError = 0;
  let worstStart: Vec2 | null = null;
  let failures = 0;
  const sampled = starts.length / 2;
  for (let i = 0; i < sampled; i++) {
    const start: Vec2 = [starts[2 * i]!, starts[2 * i + 1]!];
    const [theta, psi] = simulate(config, start, steps)[steps]!;
    const miss = Math.hypot(gpu[2 * i]! - theta, gpu[2 * i + 1]! - psi);
    // NaN counts as the worst possible error.
    const error = Number.isNaN(miss) ? Infinity : miss / Math.max(1, Math.hypot(theta, psi));
    if (!(error <= tolerance)) failures++;
    if (worstStart === null || error > worstError) {
      worstError = error;
      worstStart = start;
    }
  }
  return { steps, sampled, worstError, tolerance, failures, worstStart, passed: failures === 0 };
}

/** Runs `starts` for `steps` steps on a simulation of their own, then compares. */
export async function validateKernel(
  device: GPUDevice,
  shaders: ShaderLibrary,
  config: Config,
  starts: Float32Array<ArrayBuffer>,
  steps: number,
): Promise<Validation> {
  device.pushErrorScope('validation');
  const simulation = ParticleSimulation.create(device, shaders, { particles: starts.length / 2 });
  try {
    simulation.setConfig(config);
    simulation.setRespawn({ outsideBox: false, nonFinite: false });
    simulation.setMaxAge(Infinity);
    simulation.setPositions(starts);
    // The pipeline specialised for the Config: the one the app's frames run.
    await simulation.ready();
    const encoder = device.createCommandEncoder({ label: 'validate' });
    simulation.encodeFrame(encoder, steps);
    device.queue.submit([encoder.finish()]);
    const gpu = await simulation.readPositions();
    const error = await device.popErrorScope();
    if (error) throw new Error(`The validation run failed on the GPU: ${error.message}`);
    return compareWithReference(config, starts, gpu, steps);
  } finally {
    simulation.destroy();
  }
}
