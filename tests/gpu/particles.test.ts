// The particle system around the integrator: spawning, respawning, frames, memory and the
// 2-D dispatch, on a real Dawn device.
import { describe, expect, it } from 'vitest';
import { maxParticles } from '../../src/gpu/limits.ts';
import { ParticleSimulation, type SpawnBox } from '../../src/gpu/simulation.ts';
import { LIVE_MARGIN } from '../../src/gpu/uniforms.ts';
import { loadShaderLibrary } from '../../src/node/webgpu.ts';
import { initialState, simulate, step } from '../../src/reference/optimizers.ts';
import {
  compareWithReference,
  configWith,
  gridStarts,
  placedSimulation,
  runFrames,
  stepTolerance,
  testDevice,
} from './harness.ts';

const BOX: SpawnBox = { thetaMin: -1, thetaMax: 3, psiMin: -2, psiMax: 0.5 };
const WORKGROUP_SIZE = 256;

async function spawned(particles: number, seed: number, box = BOX): Promise<ParticleSimulation> {
  const device = await testDevice();
  const simulation = ParticleSimulation.create(device, loadShaderLibrary(), { particles, seed });
  simulation.setSpawnBox(box);
  simulation.reset();
  return simulation;
}

function insideBox(positions: Float32Array, box: SpawnBox, margin = 0): boolean {
  const thetaMargin = margin * (box.thetaMax - box.thetaMin);
  const psiMargin = margin * (box.psiMax - box.psiMin);
  for (let i = 0; i < positions.length; i += 2) {
    const [theta, psi] = [positions[i], positions[i + 1]];
    if (!(theta >= box.thetaMin - thetaMargin && theta <= box.thetaMax + thetaMargin)) return false;
    if (!(psi >= box.psiMin - psiMargin && psi <= box.psiMax + psiMargin)) return false;
  }
  return true;
}

describe('spawning', () => {
  it('spreads particles uniformly over the spawn box, the same for the same seed', async () => {
    const particles = 65_536;
    const [first, again, other] = await Promise.all([
      spawned(particles, 7),
      spawned(particles, 7),
      spawned(particles, 8),
    ]);
    const [a, b, c] = await Promise.all([first, again, other].map((s) => s.readPositions()));

    expect(insideBox(a, BOX)).toBe(true);
    expect(b).toEqual(a);
    expect(c.filter((value, i) => value === a[i]).length).toBeLessThan(particles / 100);
    // Uniform on [lo, hi]: mean (lo + hi) / 2 with standard error (hi - lo) / sqrt(12 n);
    // five standard errors fail by chance once in millions.
    for (const [k, lo, hi] of [
      [0, BOX.thetaMin, BOX.thetaMax],
      [1, BOX.psiMin, BOX.psiMax],
    ]) {
      const mean = a.filter((_, i) => i % 2 === k).reduce((sum, x) => sum + x, 0) / particles;
      expect(Math.abs(mean - (lo + hi) / 2)).toBeLessThan(
        (5 * (hi - lo)) / Math.sqrt(12 * particles),
      );
    }
    for (const simulation of [first, again, other]) simulation.destroy();
  });
});

describe('respawning', () => {
  it('reborns non-finite particles inside the spawn box and counts them', async () => {
    // WGAN SimGD with h = 1e6 multiplies |x| by about 1e6 a step: from |x| >= 1e-3 the state
    // overflows f32 (3.4e38) at step 7, so each particle blows up at steps 7 and 14 of 20.
    const config = configWith({ loss: 'wgan' }, { optimizer: 'simgd', lrG: 1e6, lrD: 1e6 });
    const box: SpawnBox = { thetaMin: 0.5, thetaMax: 1, psiMin: 0.5, psiMax: 1 };
    const particles = 4096;
    const simulation = await spawned(particles, 3, box);
    simulation.setConfig(config);
    simulation.setRespawn({ outsideBox: false, nonFinite: true });

    await runFrames(simulation, [20]);

    expect(await simulation.readRespawnCount()).toBe(2 * particles);
    expect((await simulation.readPositions()).every(Number.isFinite)).toBe(true);
    simulation.destroy();
  });

  it('leaves non-finite particles alone, uncounted, when that rule is off', async () => {
    const config = configWith({ loss: 'wgan' }, { optimizer: 'simgd', lrG: 1e6, lrD: 1e6 });
    const simulation = await placedSimulation(config, gridStarts(16, 1));

    await runFrames(simulation, [20]);

    expect(await simulation.readRespawnCount()).toBe(0);
    expect((await simulation.readPositions()).some(Number.isFinite)).toBe(false);
    simulation.destroy();
  });

  it('reborns particles that leave the box; trail starts mark the rebirth', async () => {
    // Unregularised SimGD spirals out of every box: r^2 grows by 1 + h^2 f'^2 a step.
    const config = configWith({ loss: 'gan' }, { optimizer: 'simgd', lrG: 0.5, lrD: 0.5 });
    const simulation = await spawned(16_384, 5);
    simulation.setConfig(config);
    await runFrames(simulation, [200]);
    const before = await simulation.readPositions();

    await runFrames(simulation, [1]);
    const [after, trailStarts] = await Promise.all([
      simulation.readPositions(),
      readTrailStarts(simulation),
    ]);

    expect(insideBox(after, BOX, LIVE_MARGIN)).toBe(true);
    let reborn = 0;
    for (let i = 0; i < after.length; i += 2) {
      const isReborn = trailStarts[i] === after[i] && trailStarts[i + 1] === after[i + 1];
      if (isReborn) reborn++;
      const start = isReborn ? after : before;
      expect([trailStarts[i], trailStarts[i + 1]]).toEqual([start[i], start[i + 1]]);
    }
    expect(reborn).toBeGreaterThan(0);
    expect(await simulation.readRespawnCount()).toBe(0);
    simulation.destroy();
  });

  it('reborns each particle once every maxAge steps, spread over the steps', async () => {
    // WGAN flow moves every particle off the origin, so only a rebirth leaves it where its
    // trail started.
    const config = configWith({ loss: 'wgan' }, { optimizer: 'flow' });
    const maxAge = 8;
    const particles = 8192;
    const simulation = await spawned(particles, 11);
    simulation.setConfig(config);
    simulation.setRespawn({ outsideBox: false, nonFinite: true });
    simulation.setMaxAge(maxAge);

    const rebirths = new Uint8Array(particles);
    const perStep: number[] = [];
    for (let k = 0; k < maxAge; k++) {
      await runFrames(simulation, [1]);
      const [positions, trailStarts] = await Promise.all([
        simulation.readPositions(),
        readTrailStarts(simulation),
      ]);
      let count = 0;
      for (let i = 0; i < particles; i++) {
        if (
          positions[2 * i] === trailStarts[2 * i] &&
          positions[2 * i + 1] === trailStarts[2 * i + 1]
        ) {
          rebirths[i]++;
          count++;
        }
      }
      perStep.push(count);
    }

    expect(rebirths.every((count) => count === 1)).toBe(true);
    // Phases are hashed, so about particles / maxAge a step: binomial, 5 standard deviations.
    for (const count of perStep) expect(Math.abs(count - particles / maxAge)).toBeLessThan(160);
    simulation.destroy();
  });
});

describe('frames and memory', () => {
  it('keeps each frame its own step count within one submission', async () => {
    const config = configWith({ loss: 'nsgan', r1: 0.3 }, { optimizer: 'simgd' });
    const starts = gridStarts(16, 2);
    const simulation = await placedSimulation(config, starts);

    await runFrames(simulation, [3, 0, 5, 1]);
    const endPoints = await simulation.readPositions();

    const all = Array.from({ length: 256 }, (_, i) => i);
    expect(compareWithReference(config, starts, [9], [endPoints], all).outside).toEqual([]);
    simulation.destroy();
  });

  it('starts optimistic GD afresh after a switch from momentum', async () => {
    const momentum = configWith({ loss: 'gan' }, { optimizer: 'momentum', beta: 0.9 });
    const optimistic = configWith({ loss: 'gan' }, { optimizer: 'optimistic' });
    const starts = gridStarts(8, 2);
    const simulation = await placedSimulation(momentum, starts);

    await runFrames(simulation, [10]);
    simulation.setConfig(optimistic);
    await runFrames(simulation, [1]);
    const endPoints = await simulation.readPositions();

    // 10 momentum steps of the reference, then a fresh optimistic run from there.
    for (let i = 0; i < 64; i++) {
      const afterMomentum = simulate(momentum, [starts[2 * i], starts[2 * i + 1]], 10)[10];
      const [theta, psi] = step(optimistic, initialState(optimistic, afterMomentum)).x;
      const miss = Math.hypot(endPoints[2 * i] - theta, endPoints[2 * i + 1] - psi);
      expect(miss / Math.max(1, Math.hypot(theta, psi))).toBeLessThan(stepTolerance(11));
    }
    simulation.destroy();
  });
});

describe('pipelines', () => {
  it('follows a new loss and optimiser at once, before their pipeline is compiled', async () => {
    const device = await testDevice();
    const first = configWith({ loss: 'gan' }, { optimizer: 'simgd' });
    // Used by no other test of this file, so its specialised pipeline is not compiled yet.
    const second = configWith({ loss: 'hinge', r1: 0.2 }, { optimizer: 'extragradient' });
    const starts = gridStarts(16, 2);
    const simulation = await placedSimulation(first, starts);
    await runFrames(simulation, [5]);

    // Encoded right after the switch: the general pipeline runs this frame.
    simulation.setConfig(second);
    const encoder = device.createCommandEncoder();
    simulation.encodeFrame(encoder, 5);
    device.queue.submit([encoder.finish()]);
    const switched = await simulation.readPositions();
    // runFrames waits for the specialised pipeline.
    await runFrames(simulation, [5]);
    const specialised = await simulation.readPositions();

    for (let i = 0; i < 256; i++) {
      const afterFirst = simulate(first, [starts[2 * i], starts[2 * i + 1]], 5)[5];
      const trajectory = simulate(second, afterFirst, 10);
      for (const [steps, positions] of [
        [5, switched],
        [10, specialised],
      ] as const) {
        const [theta, psi] = trajectory[steps];
        const miss = Math.hypot(positions[2 * i] - theta, positions[2 * i + 1] - psi);
        expect(miss / Math.max(1, Math.hypot(theta, psi))).toBeLessThan(stepTolerance(5 + steps));
      }
    }
    simulation.destroy();
  });
});

describe('dispatch', () => {
  it('reaches every particle when the count needs a second row of workgroups', async () => {
    const device = await testDevice();
    const particles = maxParticles(device.limits);
    // Above 65,535 workgroups of 256 the dispatch spills into y; lavapipe allows 16,777,216.
    expect(particles).toBeGreaterThan(
      device.limits.maxComputeWorkgroupsPerDimension * WORKGROUP_SIZE,
    );
    const config = configWith({ loss: 'gan' }, { optimizer: 'simgd', lrG: 0.5, lrD: 0.5 });
    // Asks for more than fits: the simulation clamps to the limits.
    const simulation = await spawned(particles + 1, 13);
    simulation.setConfig(config);
    simulation.setRespawn({ outsideBox: false, nonFinite: false });
    expect(simulation.particles).toBe(particles);
    const starts = await simulation.readPositions();

    await runFrames(simulation, [1]);
    const endPoints = await simulation.readPositions();

    // The last workgroup's particles (in the second row) and a few from the first row.
    const indices = [0, 1, 123_457, 8_388_608, particles - 2 * WORKGROUP_SIZE];
    for (let i = particles - WORKGROUP_SIZE; i < particles; i++) indices.push(i);
    expect(compareWithReference(config, starts, [1], [endPoints], indices).outside).toEqual([]);
    simulation.destroy();
  });
});

async function readTrailStarts(simulation: ParticleSimulation): Promise<Float32Array> {
  const device = await testDevice();
  const staging = device.createBuffer({
    size: simulation.trailStarts.size,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(simulation.trailStarts, 0, staging, 0, staging.size);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const copy = new Float32Array(staging.getMappedRange().slice(0));
  staging.destroy();
  return copy;
}
