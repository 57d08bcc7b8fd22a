// The GPU pieces the app adds beside the particle kernel: the birthplace tracker behind
// "colour by starting point", and the Validate action's kernel-against-reference check.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParticleOrigins } from '../../src/gpu/particle-origins.ts';
import { ParticleSimulation } from '../../src/gpu/simulation.ts';
import { LIVE_MARGIN } from '../../src/gpu/uniforms.ts';
import {
  compareWithReference,
  gridStarts,
  stepTolerance,
  validateKernel,
} from '../../src/gpu/validation.ts';
import { loadShaderLibrary } from '../../src/node/webgpu.ts';
import { configWith, testDevice } from './harness.ts';

const ORIGINS_SOURCE = readFileSync(
  new URL('../../shaders/particle-origins.wgsl', import.meta.url),
  'utf8',
);
const BOX = { thetaMin: -0.5, thetaMax: 0.5, psiMin: -0.5, psiMax: 0.5 };
// Particles live up to this far out (the spawn box plus its margin) before they are reborn.
const LIVE = 0.5 + LIVE_MARGIN;

async function readBuffer(device: GPUDevice, source: GPUBuffer): Promise<Float32Array> {
  const staging = device.createBuffer({
    size: source.size,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(source, 0, staging, 0, source.size);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const copy = new Float32Array(staging.getMappedRange().slice(0));
  staging.destroy();
  return copy;
}

async function frame(
  device: GPUDevice,
  simulation: ParticleSimulation,
  origins: ParticleOrigins,
  steps: number,
): Promise<void> {
  const encoder = device.createCommandEncoder();
  origins.encodeBeforeFrame(encoder);
  simulation.encodeFrame(encoder, steps);
  origins.encodeAfterFrame(encoder);
  device.queue.submit([encoder.finish()]);
  await device.queue.onSubmittedWorkDone();
}

describe('particle origins', () => {
  it('keep the placed point until a rebirth, then the rebirth point', async () => {
    const device = await testDevice();
    // 32 x 32 starts over [-1, 1]^2: the ones outside the live box are reborn at once.
    const starts = gridStarts({ thetaMin: -1, thetaMax: 1, psiMin: -1, psiMax: 1 }, 32);
    const simulation = ParticleSimulation.create(device, loadShaderLibrary(), {
      particles: starts.length / 2,
    });
    const origins = new ParticleOrigins(device, simulation, ORIGINS_SOURCE);
    try {
      // dt = 1e-6: nobody moves far enough to leave the box by flowing.
      simulation.setConfig(configWith({}, { optimizer: 'flow', dt: 1e-6 }));
      simulation.setSpawnBox(BOX);
      simulation.setMaxAge(Infinity);
      simulation.setPositions(starts);
      origins.restartNow();

      await frame(device, simulation, origins, 3);
      const afterFirst = await readBuffer(device, origins.origins);
      const trailStarts = await readBuffer(device, simulation.trailStarts);
      let reborn = 0;
      for (let i = 0; i < starts.length / 2; i++) {
        const inside = Math.max(Math.abs(starts[2 * i]!), Math.abs(starts[2 * i + 1]!)) < LIVE;
        const expected = inside ? starts : trailStarts;
        expect([afterFirst[2 * i], afterFirst[2 * i + 1]]).toEqual([
          expected[2 * i],
          expected[2 * i + 1],
        ]);
        if (!inside) {
          reborn++;
          expect(Math.abs(afterFirst[2 * i]!)).toBeLessThanOrEqual(0.5);
          expect(Math.abs(afterFirst[2 * i + 1]!)).toBeLessThanOrEqual(0.5);
        }
      }
      // Cell centres +-(k + 1/2) / 16: 9 per half axis lie within the live box.
      expect(reborn).toBe(1024 - 18 * 18);

      // A frame without rebirths leaves every origin alone.
      await frame(device, simulation, origins, 2);
      expect(await readBuffer(device, origins.origins)).toEqual(afterFirst);

      // Ageing out after 2 steps: every particle is reborn within a 2-step frame.
      simulation.setMaxAge(2);
      await frame(device, simulation, origins, 2);
      const aged = await readBuffer(device, origins.origins);
      expect(aged).toEqual(await readBuffer(device, simulation.trailStarts));
      expect(aged.some((value, k) => value !== afterFirst[k])).toBe(true);
    } finally {
      origins.destroy();
      simulation.destroy();
    }
  });
});

describe('validation against the reference', () => {
  it('passes for GAN + MSE under SimGD and NS-GAN under RK4 on a 32 x 32 grid', async () => {
    const device = await testDevice();
    const starts = gridStarts({ thetaMin: -2, thetaMax: 2, psiMin: -2, psiMax: 2 }, 32);
    for (const config of [
      configWith({ mse: 1 }, { optimizer: 'simgd' }),
      configWith({ loss: 'nsgan' }, { optimizer: 'flow' }),
    ]) {
      const result = await validateKernel(device, loadShaderLibrary(), config, starts, 100);

      expect(result.sampled).toBe(1024);
      expect(result.tolerance).toBe(stepTolerance(100));
      expect(result.passed, `worst ${result.worstError} at ${result.worstStart}`).toBe(true);
      expect(result.worstError).toBeGreaterThan(0);
    }
  });

  it('fails when the GPU result is off by more than the tolerance, or not finite', () => {
    const config = configWith({}, { optimizer: 'simgd' });
    const starts = new Float32Array([1, 1, 0.5, -0.25]);
    // One SimGD step (h = 0.1) of the GAN field v = (-psi f'(t), theta f'(t)), t = psi theta,
    // f'(t) = 1 / (1 + e^t), rounded to f32 like a GPU result.
    const fPrime = (t: number) => 1 / (1 + Math.exp(t));
    const [a, b] = [fPrime(1), fPrime(-0.125)];
    const stepped = new Float32Array([1 - 0.1 * a, 1 + 0.1 * a, 0.5 + 0.025 * b, -0.25 + 0.05 * b]);

    expect(compareWithReference(config, starts, stepped, 1).passed).toBe(true);
    const off = stepped.slice();
    off[0]! += 1e-4;
    const failed = compareWithReference(config, starts, off, 1);
    expect(failed.passed).toBe(false);
    expect(failed.failures).toBe(1);
    expect(failed.worstStart).toEqual([1, 1]);
    off[3] = Number.NaN;
    expect(compareWithReference(config, starts, off, 1).worstError).toBe(Infinity);
  });
});
