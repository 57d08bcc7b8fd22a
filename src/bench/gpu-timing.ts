// Times the particle integrator: one command buffer of frames per repetition, clocked from
// submit to the queue's onSubmittedWorkDone, so encoding stays outside the figure.
import type { Config } from '../model/config.ts';
import { type ParticleSimulation, integratorTraffic } from '../gpu/simulation.ts';

export const DISPATCH_MODES = ['fused', 'per-step'] as const;
/** fused: up to FUSED_STEPS optimiser steps per dispatch; per-step: one step per dispatch. */
export type DispatchMode = (typeof DISPATCH_MODES)[number];

/** Steps one fused dispatch takes at most (an app frame takes 1 to 1,000). */
export const FUSED_STEPS = 100;

// Bytes one `integrate` invocation moves per particle and dispatch: the same for both
// benchmarked kernels, RK4 flow and SimGD, which carry no optimiser memory.
const TRAFFIC = integratorTraffic('simgd');
export const BYTES_READ_PER_PARTICLE = TRAFFIC.read;
export const BYTES_WRITTEN_PER_PARTICLE = TRAFFIC.written;
export const BYTES_PER_PARTICLE = BYTES_READ_PER_PARTICLE + BYTES_WRITTEN_PER_PARTICLE;

/** The step count of each dispatch of one repetition. */
export function dispatchSteps(steps: number, mode: DispatchMode): number[] {
  const chunk = mode === 'fused' ? FUSED_STEPS : 1;
  const counts: number[] = [];
  for (let done = 0; done < steps; done += chunk) counts.push(Math.min(chunk, steps - done));
  return counts;
}

export interface GpuRun {
  /** Wall-clock seconds of each timed repetition. */
  seconds: number[];
  dispatches: number;
}

/**
 * Runs `work` and throws the first validation error it raised: a shader that failed to
 * compile would otherwise time as an impossibly fast no-op.
 */
export async function checked<T>(device: GPUDevice, work: () => Promise<T>): Promise<T> {
  device.pushErrorScope('validation');
  const result = await work();
  const error = await device.popErrorScope();
  if (error) throw new Error(`WebGPU validation error: ${error.message}`);
  return result;
}

/**
 * Puts every particle at `starts` under `config`, with respawning and ageing off, so the GPU
 * does exactly the work of the CPU loops it is compared with, by the pipeline specialised for
 * that (the app's frames run it too once it is compiled).
 */
export async function placeParticles(
  device: GPUDevice,
  simulation: ParticleSimulation,
  config: Config,
  starts: Float32Array<ArrayBuffer>,
): Promise<void> {
  simulation.setConfig(config);
  simulation.setMaxAge(Infinity);
  simulation.setRespawn({ outsideBox: false, nonFinite: false });
  simulation.setPositions(starts);
  await simulation.ready();
  await device.queue.onSubmittedWorkDone();
}

/** One command buffer advancing every particle by `steps` steps in the dispatches of `mode`. */
export function encodeSteps(
  device: GPUDevice,
  simulation: ParticleSimulation,
  steps: number,
  mode: DispatchMode,
): GPUCommandBuffer {
  const encoder = device.createCommandEncoder({ label: `bench ${mode}` });
  for (const count of dispatchSteps(steps, mode)) simulation.encodeFrame(encoder, count);
  return encoder.finish();
}

/** `warmups` untimed, then `repetitions` timed repetitions of `steps` steps from `starts`. */
export async function timeGpu(
  device: GPUDevice,
  simulation: ParticleSimulation,
  config: Config,
  starts: Float32Array<ArrayBuffer>,
  steps: number,
  mode: DispatchMode,
  warmups: number,
  repetitions: number,
): Promise<GpuRun> {
  return checked(device, async () => {
    await placeParticles(device, simulation, config, starts);
    const seconds: number[] = [];
    for (let repetition = 0; repetition < warmups + repetitions; repetition++) {
      const commands = encodeSteps(device, simulation, steps, mode);
      const begin = performance.now();
      device.queue.submit([commands]);
      await device.queue.onSubmittedWorkDone();
      const elapsed = (performance.now() - begin) / 1000;
      if (repetition >= warmups) seconds.push(elapsed);
    }
    return { seconds, dispatches: dispatchSteps(steps, mode).length };
  });
}
