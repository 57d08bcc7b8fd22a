// The GPU basin map against the f64 reference, pixel by pixel: the same arrival (or divergence)
// step, or one step apart where the f32 run crosses epsilon (or the bound) next to the f64 one.
import { describe, expect, it } from 'vitest';
import { BasinMap } from '../../src/gpu/basin-map.ts';
import { CHUNKS_IN_FLIGHT, runChunks } from '../../src/gpu/chunks.ts';
import { computeBasinMap } from '../../src/gpu/map-runs.ts';
import { columnValues, rowValues, viewAxes } from '../../src/maps/grid.ts';
import { type BasinOutcome, decodeOutcome } from '../../src/maps/outcomes.ts';
import type { BasinSpec } from '../../src/maps/specs.ts';
import type { Method, Optimizer } from '../../src/model/config.ts';
import { loadShaderLibrary } from '../../src/node/webgpu.ts';
import { firstArrival } from '../../src/reference/basin.ts';
import { initialState, step } from '../../src/reference/optimizers.ts';
import { configWith, stepTolerance, testDevice } from '../gpu/harness.ts';

const SIDE = 30;
const VIEW = { thetaMin: -2, thetaMax: 2, psiMin: -1.5, psiMax: 2.5 };
const RULE = { steps: 300, epsilon: 1e-2, bound: 100 };

const CASES: [string, Partial<Method>, Partial<Optimizer>, number][] = [
  ['gan + mse 1, simgd', { mse: 1 }, { optimizer: 'simgd', lrG: 0.2, lrD: 0.2 }, 1],
  [
    'gan + mse 1, simgd past the critical rate',
    { mse: 1 },
    { optimizer: 'simgd', lrG: 1.5, lrD: 1.5 },
    1,
  ],
  ['wgan, simgd: spirals out', { loss: 'wgan' }, { optimizer: 'simgd', lrG: 0.2, lrD: 0.2 }, 1],
  [
    'nsgan + r1 0.5, altgd gd x2',
    { loss: 'nsgan', r1: 0.5 },
    { optimizer: 'altgd', dSteps: 2, order: 'gd', lrG: 0.3, lrD: 0.3 },
    1,
  ],
  [
    'gan + r1 1, momentum 0.3',
    { r1: 1 },
    { optimizer: 'momentum', beta: 0.3, lrG: 0.1, lrD: 0.1 },
    1,
  ],
  ['gan + mse 0.5, optimistic', { mse: 0.5 }, { optimizer: 'optimistic', lrG: 0.2, lrD: 0.2 }, 1],
  [
    'gan + consensus 1, extragradient',
    { consensus: 1 },
    { optimizer: 'extragradient', lrG: 0.3, lrD: 0.3 },
    1,
  ],
  // The noise field costs 20 quadrature nodes per evaluation in the reference: every 4th pixel.
  ['nsgan + noise 0.7, flow', { loss: 'nsgan', noise: 0.7 }, { optimizer: 'flow', dt: 0.2 }, 4],
];

/** running counts as arriving after the last step, so that a crossing at step K compares. */
function stepOf(outcome: BasinOutcome): number {
  return outcome.kind === 'running' ? RULE.steps + 1 : outcome.step;
}

/**
 * Equal outcomes, or arrivals (divergences) one step apart where the reference's |x| at the
 * earlier step lies within the f32 error of the run (stepTolerance of the GPU harness, taken
 * relative to max(1, |x|)) of epsilon (of the bound).
 */
function agrees(gpu: BasinOutcome, reference: BasinOutcome, distances: number[]): boolean {
  if (gpu.kind === reference.kind && stepOf(gpu) === stepOf(reference)) return true;
  const diverged = gpu.kind === 'diverged' || reference.kind === 'diverged';
  const bothDiverged = gpu.kind === 'diverged' && reference.kind === 'diverged';
  if (diverged && !bothDiverged && gpu.kind !== 'running' && reference.kind !== 'running') {
    return false;
  }
  const earlier = Math.min(stepOf(gpu), stepOf(reference));
  if (Math.abs(stepOf(gpu) - stepOf(reference)) !== 1) return false;
  const threshold = diverged ? RULE.bound : RULE.epsilon;
  const distance = distances[earlier];
  return Math.abs(distance - threshold) <= stepTolerance(earlier) * Math.max(1, distance);
}

/** |x_k| of the reference run for k = 0..K (stopping once it is non-finite). */
function referenceDistances(spec: BasinSpec, start: [number, number]): number[] {
  let state = initialState(spec.config, start);
  const distances = [Math.hypot(...state.x)];
  for (let k = 1; k <= RULE.steps && Number.isFinite(distances[k - 1]); k++) {
    state = step(spec.config, state);
    distances.push(Math.hypot(...state.x));
  }
  return distances;
}

describe('basin map: GPU arrival steps match the f64 reference', () => {
  for (const [name, method, optimizer, every] of CASES) {
    it(name, async () => {
      const device = await testDevice();
      const spec: BasinSpec = {
        config: configWith(method, optimizer),
        view: VIEW,
        width: SIDE,
        height: SIDE,
        ...RULE,
      };
      const { outcomes } = await computeBasinMap(device, loadShaderLibrary(), spec);

      const [thetaRange, psiRange] = viewAxes(VIEW);
      const thetas = columnValues(thetaRange, SIDE);
      const psis = rowValues(psiRange, SIDE);
      const misses: string[] = [];
      let offByOne = 0;
      for (let pixel = 0; pixel < SIDE * SIDE; pixel += every) {
        const start: [number, number] = [thetas[pixel % SIDE], psis[Math.floor(pixel / SIDE)]];
        const gpu = decodeOutcome(outcomes[pixel]);
        const reference = firstArrival(spec.config, start, RULE);
        if (stepOf(gpu) !== stepOf(reference) || gpu.kind !== reference.kind) offByOne++;
        if (!agrees(gpu, reference, referenceDistances(spec, start))) {
          misses.push(`${start}: gpu ${JSON.stringify(gpu)}, f64 ${JSON.stringify(reference)}`);
        }
      }

      expect(misses.slice(0, 5), `${misses.length} misses`).toEqual([]);
      // Crossings within rounding of the threshold are rare: a handful of pixels at most.
      expect(offByOne).toBeLessThan(SIDE);
    });
  }

  it('sees arrivals, divergences and runs that do neither in the cases above', async () => {
    const device = await testDevice();
    const spec: BasinSpec = {
      config: configWith({ loss: 'wgan' }, { optimizer: 'simgd', lrG: 0.2, lrD: 0.2 }),
      view: { thetaMin: -0.5, thetaMax: 3, psiMin: -0.5, psiMax: 3 },
      width: 16,
      height: 16,
      steps: 100,
      epsilon: 0.3,
      bound: 4,
    };
    const { outcomes } = await computeBasinMap(device, loadShaderLibrary(), spec);
    const kinds = new Set(Array.from(outcomes, (code) => decodeOutcome(code).kind));
    // r grows by sqrt(1 + h^2) per step: starts near 0 arrive at once, far ones cross the bound
    // within 100 steps, those in between do neither.
    expect([...kinds].sort()).toEqual(['converged', 'diverged', 'running']);
  });
});

describe('basin map: chunks', () => {
  const spec: BasinSpec = {
    config: configWith({ mse: 1 }, { optimizer: 'momentum', beta: 0.5, lrG: 0.2, lrD: 0.2 }),
    view: VIEW,
    width: 37,
    height: 23,
    steps: 250,
    epsilon: 1e-3,
    bound: 100,
  };

  it('gives the same outcomes in tiny chunks (a few pixels, a step) as in large ones', async () => {
    const device = await testDevice();
    const shaders = loadShaderLibrary();
    const whole = await computeBasinMap(device, shaders, spec, { chunkMs: 1e6 });

    const map = BasinMap.create(device, shaders, spec);
    const progress: number[] = [];
    // 300 pixel-steps per chunk: one step for 300 of the 851 pixels (whole workgroups: 512).
    await runChunks(
      map,
      { next: 300, record() {} },
      { onChunk: (fraction) => progress.push(fraction) },
    );
    const pieces = await map.readOutcomes();
    map.destroy();

    expect(Array.from(pieces)).toEqual(Array.from(whole.outcomes));
    expect(progress.every((value, k) => k === 0 || value >= progress[k - 1])).toBe(true);
    expect(progress[progress.length - 1]).toBe(1);
    // Two chunks per step (512 + 339 pixels), until the step range of the last arrival, plus
    // those submitted before its count came back: how many depends on timing, at most the
    // chunks in flight per pixel range.
    const last = Math.max(...Array.from(whole.outcomes, (code) => stepOf(decodeOutcome(code))));
    expect(last).toBeLessThan(spec.steps);
    expect(progress.length).toBeGreaterThanOrEqual(2 * last);
    expect(progress.length).toBeLessThanOrEqual(2 * last + 2 * CHUNKS_IN_FLIGHT);
  });

  it('reports progress as the fraction of pixel-steps done', async () => {
    const device = await testDevice();
    const map = BasinMap.create(device, loadShaderLibrary(), { ...spec, epsilon: 0 });
    const pixels = spec.width * spec.height;
    const total = pixels * spec.steps;
    expect(map.progress).toBe(0);
    // Work for 3.5 steps of every pixel: 3 steps, for all of them.
    expect(await map.advance(3.5 * pixels)).toBe(3 * pixels);
    expect(map.progress).toBeCloseTo((3 * pixels) / total, 12);
    // Less than a step's work: one step for one workgroup of 256 pixels.
    expect(await map.advance(100)).toBe(256);
    expect(map.progress).toBeCloseTo((3 * pixels + 256) / total, 12);
    expect(map.done).toBe(false);
    map.destroy();
  });
});
