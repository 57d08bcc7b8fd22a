// The benchmark's basin-map figure: every start takes every step (epsilon 0, no bound), so
// the work counted is exactly starts x steps.
import { describe, expect, it } from 'vitest';
import { mapLine } from '../../src/bench/output.ts';
import { mapThroughput } from '../../src/gpu/map-runs.ts';
import { loadShaderLibrary } from '../../src/node/webgpu.ts';
import { testDevice } from '../gpu/harness.ts';

describe('basin map throughput', () => {
  it('counts starts x steps and reports a positive rate', async () => {
    const device = await testDevice();
    const size = { width: 64, height: 32 };
    const result = await mapThroughput(device, loadShaderLibrary(), { steps: 7, size });

    expect(result.starts).toBe(64 * 32);
    expect(result.steps).toBe(7);
    expect(result.seconds).toBeGreaterThan(0);
    // rate is the work done over the time taken: every start, every step.
    expect(result.rate * result.seconds).toBeCloseTo(64 * 32 * 7, 6);
    expect(mapLine(result)).toMatch(/^Basin map: 2,048 starts x 7 steps in [\d.]+ s: [\d.]+ M/);
  });
});
