// The f32 WGSL integrator against the f64 reference on a dense grid of starts: the two base
// losses, with and without the MSE regulariser, under RK4 flow and simultaneous GD.
import { describe, expect, it } from 'vitest';
import {
  compareWithReference,
  configWith,
  checkpointsOnGpu,
  gridStarts,
  subGrid,
} from './harness.ts';

// 256 x 256 = 65,536 particles over [-2, 2]^2, all integrated on the GPU.
const SIDE = 256;
const STEPS = 300;
const CHECKPOINTS = [30, STEPS];
const starts = gridStarts(SIDE, 2);
// The f64 reference takes about a millisecond per run of 300 steps: it follows an evenly
// spread 32 x 32 sub-grid of the particles.
const compared = subGrid(SIDE, 8);

describe('GPU end points match the f64 reference', () => {
  for (const loss of ['gan', 'nsgan'] as const) {
    for (const mse of [0, 1]) {
      for (const optimizer of ['flow', 'simgd'] as const) {
        it(`${loss}, mse ${mse}, ${optimizer}, ${STEPS} steps`, async () => {
          const config = configWith({ loss, mse }, { optimizer });

          const positions = await checkpointsOnGpu(config, starts, CHECKPOINTS);
          const mismatch = compareWithReference(config, starts, CHECKPOINTS, positions, compared);

          expect(positions[1].every(Number.isFinite)).toBe(true);
          expect(mismatch.sampled).toBe(1024);
          expect(mismatch.outside, `worst ${mismatch.worst} at ${mismatch.worstIndex}`).toEqual([]);
        });
      }
    }
  }
});
