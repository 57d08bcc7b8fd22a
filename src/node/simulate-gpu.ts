// One training run on the GPU in f32, for the CLI's --backend gpu: the same kernel as the app,
// one particle, no respawns.
import type { Config } from '../model/config.ts';
import { ParticleSimulation } from '../gpu/simulation.ts';
import { type NodeDevice, createNodeDevice, loadShaderLibrary } from './webgpu.ts';

/** Steps per submission: long single dispatches can trip GPU watchdogs. */
const STEPS_PER_SUBMISSION = 10_000;

let nodeDevice: Promise<NodeDevice> | undefined;

export async function simulateOnGpu(
  config: Config,
  start: [number, number],
  steps: number,
): Promise<[number, number]> {
  nodeDevice ??= createNodeDevice();
  const { device } = await nodeDevice;

  device.pushErrorScope('validation');
  const simulation = ParticleSimulation.create(device, loadShaderLibrary(), { particles: 1 });
  try {
    simulation.setConfig(config);
    simulation.setRespawn({ outsideBox: false, nonFinite: false });
    simulation.setMaxAge(Infinity);
    simulation.setPositions(new Float32Array(start));
    await simulation.ready();
    for (let done = 0; done < steps; done += STEPS_PER_SUBMISSION) {
      const encoder = device.createCommandEncoder();
      simulation.encodeFrame(encoder, Math.min(STEPS_PER_SUBMISSION, steps - done));
      device.queue.submit([encoder.finish()]);
    }
    const [theta, psi] = await simulation.readPositions();
    const error = await device.popErrorScope();
    if (error) throw new Error(`WebGPU validation failed: ${error.message}`);
    return [theta, psi];
  } finally {
    simulation.destroy();
  }
}
