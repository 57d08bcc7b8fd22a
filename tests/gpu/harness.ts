// Shared set-up of the GPU tests: one real Dawn device per test file, particles placed on a
// grid, and the f32 kernel's end points measured against the f64 reference.
import { ParticleSimulation } from '../../src/gpu/simulation.ts';
import type { Config, Method, Optimizer } from '../../src/model/config.ts';
import { defaultConfig } from '../../src/model/config.ts';
import { type NodeDevice, createNodeDevice, loadShaderLibrary } from '../../src/node/webgpu.ts';
import { simulate } from '../../src/reference/optimizers.ts';

let nodeDevice: Promise<NodeDevice> | undefined;

export async function testDevice(): Promise<GPUDevice> {
  nodeDevice ??= createNodeDevice();
  return (await nodeDevice).device;
}

export function configWith(method: Partial<Method>, optimizer: Partial<Optimizer> = {}): Config {
  const config = defaultConfig();
  Object.assign(config.method, method);
  Object.assign(config.optimizer, optimizer);
  return config;
}

/** side x side starts evenly over [-extent, extent]^2 (cell centres), as (theta, psi) pairs. */
export function gridStarts(side: number, extent: number): Float32Array<ArrayBuffer> {
  const starts = new Float32Array(2 * side * side);
  for (let row = 0; row < side; row++) {
    for (let column = 0; column < side; column++) {
      const index = row * side + column;
      starts[2 * index] = -extent + ((column + 0.5) * 2 * extent) / side;
      starts[2 * index + 1] = -extent + ((row + 0.5) * 2 * extent) / side;
    }
  }
  return starts;
}

/**
 * A simulation holding exactly these starts, with every respawn rule off; `specialize` false
 * keeps the general pipeline.
 */
export async function placedSimulation(
  config: Config,
  starts: Float32Array<ArrayBuffer>,
  specialize = true,
): Promise<ParticleSimulation> {
  const device = await testDevice();
  const simulation = ParticleSimulation.create(device, loadShaderLibrary(), {
    particles: starts.length / 2,
    specialize,
  });
  simulation.setConfig(config);
  simulation.setRespawn({ outsideBox: false, nonFinite: false });
  simulation.setMaxAge(Infinity);
  simulation.setPositions(starts);
  return simulation;
}

/** The frames in one submission, by the pipeline specialised for the simulation's settings. */
export async function runFrames(simulation: ParticleSimulation, frames: number[]): Promise<void> {
  const device = await testDevice();
  await simulation.ready();
  device.pushErrorScope('validation');
  const encoder = device.createCommandEncoder();
  for (const steps of frames) simulation.encodeFrame(encoder, steps);
  device.queue.submit([encoder.finish()]);
  const error = await device.popErrorScope();
  if (error) throw new Error(error.message);
}

/** The GPU's positions after each checkpoint's step count (ascending) from every start. */
export async function checkpointsOnGpu(
  config: Config,
  starts: Float32Array<ArrayBuffer>,
  checkpoints: number[],
  specialize = true,
): Promise<Float32Array[]> {
  const simulation = await placedSimulation(config, starts, specialize);
  const positions: Float32Array[] = [];
  try {
    let done = 0;
    for (const checkpoint of checkpoints) {
      await runFrames(simulation, [checkpoint - done]);
      positions.push(await simulation.readPositions());
      done = checkpoint;
    }
    return positions;
  } finally {
    simulation.destroy();
  }
}

export interface Mismatch {
  /** Largest |gpu - reference| / max(1, |reference|) (Euclidean norms) over the samples. */
  worst: number;
  /** Particle index where it occurs. */
  worstIndex: number;
  /** Compared particles whose error exceeds the tolerance. */
  outside: number[];
  sampled: number;
}

/** f32 unit roundoff 2^-24: the relative error of one correctly rounded operation. */
const UNIT_ROUNDOFF = 2 ** -24;

/**
 * Tolerance on |gpu - reference| / max(1, |reference|) after `steps` steps: each step adds a
 * handful of f32 roundings (the field's exp alone may be off by 3 + 2|t| ULP in WGSL), and
 * these neutral or contracting flows neither damp nor amplify them much, so the error grows
 * about linearly in the step count: 16 roundings per step covers that with room to spare.
 */
export function stepTolerance(steps: number): number {
  return 16 * steps * UNIT_ROUNDOFF;
}

/** Indices of every `every`-th row and column of a side x side grid of particles. */
export function subGrid(side: number, every: number): number[] {
  const indices: number[] = [];
  for (let row = 0; row < side; row += every) {
    for (let column = 0; column < side; column += every) indices.push(row * side + column);
  }
  return indices;
}

/**
 * Compares the GPU's positions at each checkpoint with the f64 reference `simulate` from the
 * same f32 starts; early checkpoints catch errors that a converging run would hide later.
 */
export function compareWithReference(
  config: Config,
  starts: Float32Array,
  checkpoints: number[],
  positions: Float32Array[],
  indices: number[],
): Mismatch {
  const mismatch: Mismatch = { worst: 0, worstIndex: -1, outside: [], sampled: indices.length };
  for (const index of indices) {
    const start: [number, number] = [starts[2 * index], starts[2 * index + 1]];
    const trajectory = simulate(config, start, checkpoints[checkpoints.length - 1]);
    checkpoints.forEach((steps, k) => {
      const [theta, psi] = trajectory[steps];
      const gpu = positions[k];
      const miss = Math.hypot(gpu[2 * index] - theta, gpu[2 * index + 1] - psi);
      const error = miss / Math.max(1, Math.hypot(theta, psi));
      if (!(error <= stepTolerance(steps))) mismatch.outside.push(index);
      if (!(error <= mismatch.worst)) {
        mismatch.worst = error;
        mismatch.worstIndex = index;
      }
    });
  }
  mismatch.outside = [...new Set(mismatch.outside)];
  return mismatch;
}
