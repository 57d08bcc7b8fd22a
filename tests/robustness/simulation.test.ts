// ParticleSimulation at the edges of its sizes on a real Dawn device: no particles, one
// particle, five million (a partial last workgroup), and frame uniforms, one per step count,
// that do not pile up.
import { describe, expect, it } from 'vitest';
import { WORKGROUP_SIZE } from '../../src/gpu/limits.ts';
import { ParticleSimulation } from '../../src/gpu/simulation.ts';
import { loadShaderLibrary } from '../../src/node/webgpu.ts';
import {
  compareWithReference,
  configWith,
  placedSimulation,
  runFrames,
  testDevice,
} from '../gpu/harness.ts';

const config = configWith({ loss: 'gan', r1: 0.3 }, { optimizer: 'simgd', lrG: 0.2, lrD: 0.2 });

/** The messages of the validation and out-of-memory errors that `action` caused. */
async function gpuErrors(device: GPUDevice, action: () => void): Promise<string[]> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  const scopes = [await device.popErrorScope(), await device.popErrorScope()];
  if (thrown !== undefined) throw thrown;
  return scopes.flatMap((error) => (error ? [error.message] : []));
}

describe('particle counts at the edges', () => {
  it('refuses 0, negative, fractional and NaN counts before any GPU call', async () => {
    const device = await testDevice();
    for (const particles of [0, -1, 0.5, NaN]) {
      const errors = await gpuErrors(device, () =>
        expect(() => ParticleSimulation.create(device, loadShaderLibrary(), { particles })).toThrow(
          /^particles must be at least 1, got/,
        ),
      );
      expect(errors, String(particles)).toEqual([]);
    }
  });

  it('runs one particle without GPU errors, to the reference end point', async () => {
    const device = await testDevice();
    const starts = new Float32Array([0.75, -0.5]);
    let simulation!: ParticleSimulation;
    const errors = await gpuErrors(device, () => {
      simulation = ParticleSimulation.create(device, loadShaderLibrary(), { particles: 1 });
      const encoder = device.createCommandEncoder();
      simulation.encodeFrame(encoder, 3);
      device.queue.submit([encoder.finish()]);
    });
    expect(errors).toEqual([]);
    expect(simulation.particles).toBe(1);
    expect(await simulation.readPositions()).toHaveLength(2);
    simulation.destroy();

    const placed = await placedSimulation(config, starts);
    await runFrames(placed, [7, 0, 13]);
    const endPoint = await placed.readPositions();
    expect(compareWithReference(config, starts, [20], [endPoint], [0]).outside).toEqual([]);
    placed.destroy();
  });

  it('moves all 5,000,000 particles; the partial last workgroup matches f64', async () => {
    const device = await testDevice();
    const particles = 5_000_000;
    // 19,531.25 workgroups of 256: the last one is a quarter full, and the guard stops the rest.
    expect(particles % WORKGROUP_SIZE).toBe(64);
    const simulation = ParticleSimulation.create(device, loadShaderLibrary(), {
      particles,
      seed: 5,
    });
    simulation.setConfig(config);
    simulation.setRespawn({ outsideBox: false, nonFinite: false });
    simulation.setMaxAge(Infinity);
    const starts = await simulation.readPositions();
    await runFrames(simulation, [2, 1]);
    const endPoints = await simulation.readPositions();

    const indices = [0, 1, 2_500_000, particles - 65, particles - 64];
    for (let i = particles - 64; i < particles; i++) indices.push(i);
    const mismatch = compareWithReference(config, starts, [3], [endPoints], indices);
    expect(mismatch.outside).toEqual([]);
    for (const i of indices) expect(endPoints[2 * i], `particle ${i}`).not.toBe(starts[2 * i]);
    simulation.destroy();
  });
});

describe('frame uniforms', () => {
  it('frees uniforms of step counts dropped from the cache: 200 counts, <= 64 live', async () => {
    const device = await testDevice();
    const simulation = await placedSimulation(config, new Float32Array(2 * 64));
    const live = new Set<GPUBuffer>();
    const createBuffer = device.createBuffer.bind(device);
    const destroy = GPUBuffer.prototype.destroy;
    device.createBuffer = (descriptor) => {
      const buffer = createBuffer(descriptor);
      if (descriptor.label?.startsWith('frame ')) live.add(buffer);
      return buffer;
    };
    GPUBuffer.prototype.destroy = function (this: GPUBuffer) {
      live.delete(this);
      destroy.call(this);
    };
    try {
      for (let steps = 1; steps <= 200; steps++) await runFrames(simulation, [steps]);
      await device.queue.onSubmittedWorkDone();
      // The cache holds at most 64 step counts; the evicted ones are freed once their work is done.
      expect(live.size).toBeLessThanOrEqual(64);
      simulation.destroy();
      expect(live.size).toBe(0);
    } finally {
      delete (device as Partial<GPUDevice>).createBuffer;
      GPUBuffer.prototype.destroy = destroy;
    }
  });
});
