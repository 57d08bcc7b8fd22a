// Every loss, regulariser and optimiser of the WGSL integrator at least once, against the f64
// reference, from a 64 x 64 grid of starts over [-2, 2]^2.
import { describe, expect, it } from 'vitest';
import type { Method, Optimizer } from '../../src/model/config.ts';
import {
  compareWithReference,
  configWith,
  checkpointsOnGpu,
  gridStarts,
  subGrid,
} from './harness.ts';

const SIDE = 64;
const STEPS = 200;
const CHECKPOINTS = [10, 50, STEPS];
const starts = gridStarts(SIDE, 2);
// A 16 x 16 sub-grid for the reference; the GPU runs all 4,096.
const compared = subGrid(SIDE, 4);

const CASES: [string, Partial<Method>, Partial<Optimizer>][] = [
  ['wgan', { loss: 'wgan' }, { optimizer: 'simgd' }],
  ['wgan, clip 1', { loss: 'wgan', clip: 1 }, { optimizer: 'simgd' }],
  ['wgan-gp (0.7, 1)', { loss: 'wgan', gp: 0.7, gpTarget: 1 }, { optimizer: 'simgd' }],
  ['lsgan (-1, 1, 0)', { loss: 'lsgan', lsCodes: [-1, 1, 0] }, { optimizer: 'simgd' }],
  [
    'lsgan (0, 1, 1), noise 0.5',
    { loss: 'lsgan', lsCodes: [0, 1, 1], noise: 0.5 },
    { optimizer: 'simgd', lrG: 0.05, lrD: 0.05 },
  ],
  ['hinge', { loss: 'hinge' }, { optimizer: 'simgd' }],
  // A conflict for the app (noise smooths the kinks away), but it exercises the hinge's term
  // on real samples, which vanishes without noise.
  ['hinge, noise 0.5', { loss: 'hinge', noise: 0.5 }, { optimizer: 'simgd' }],
  ['gan, r1 0.3', { loss: 'gan', r1: 0.3 }, { optimizer: 'simgd' }],
  ['nsgan, r2 1', { loss: 'nsgan', r2: 1 }, { optimizer: 'simgd' }],
  ['gan, instance noise 0.7', { loss: 'gan', noise: 0.7 }, { optimizer: 'simgd' }],
  ['nsgan, noise 0.7, flow', { loss: 'nsgan', noise: 0.7 }, { optimizer: 'flow' }],
  ['gan, consensus 1', { loss: 'gan', consensus: 1 }, { optimizer: 'simgd' }],
  [
    'wgan-gp, consensus 0.5',
    { loss: 'wgan', gp: 0.7, gpTarget: 1, consensus: 0.5 },
    { optimizer: 'simgd', lrG: 0.05, lrD: 0.05 },
  ],
  ['gan, euler', { loss: 'gan' }, { optimizer: 'euler' }],
  ['gan, altgd dg', { loss: 'gan' }, { optimizer: 'altgd', dSteps: 1, order: 'dg' }],
  ['gan r1, altgd gd x5', { loss: 'gan', r1: 0.3 }, { optimizer: 'altgd', dSteps: 5, order: 'gd' }],
  ['wgan clip, altgd dg x5', { loss: 'wgan', clip: 1 }, { optimizer: 'altgd', dSteps: 5 }],
  ['gan, extragradient', { loss: 'gan' }, { optimizer: 'extragradient' }],
  ['gan, optimistic', { loss: 'gan' }, { optimizer: 'optimistic' }],
  ['gan, momentum 0.5', { loss: 'gan' }, { optimizer: 'momentum', beta: 0.5 }],
  ['nsgan, momentum -0.3', { loss: 'nsgan' }, { optimizer: 'momentum', beta: -0.3 }],
  [
    'gan, different learning rates',
    { loss: 'gan', mse: 0.3 },
    { optimizer: 'simgd', lrG: 0.05, lrD: 0.3 },
  ],
];

// Each case twice: by the pipeline specialised for its Config, and by the general pipeline
// that runs frames while that one compiles.
for (const specialize of [true, false]) {
  const pipeline = specialize ? 'specialised pipeline' : 'general pipeline';
  describe(`every loss, regulariser and optimiser matches the f64 reference (${pipeline})`, () => {
    for (const [name, method, optimizer] of CASES) {
      it(`${name}, ${STEPS} steps`, async () => {
        const config = configWith(method, optimizer);

        const positions = await checkpointsOnGpu(config, starts, CHECKPOINTS, specialize);
        const mismatch = compareWithReference(config, starts, CHECKPOINTS, positions, compared);

        expect(mismatch.outside, `worst ${mismatch.worst} at ${mismatch.worstIndex}`).toEqual([]);
      });
    }
  });
}
