// The benchmark's parts that need no GPU: statistics, the schedule, the dispatch split, the
// byte count against the shader's buffers, the tuned loops against the f64 reference, and
// the progress line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BENCH_KERNELS, benchCases } from '../../src/bench/cases.ts';
import { referenceLoop, maxAbsDifference, tunedFinals } from '../../src/bench/cpu-timing.ts';
import {
  BYTES_READ_PER_PARTICLE,
  BYTES_WRITTEN_PER_PARTICLE,
  FUSED_STEPS,
  dispatchSteps,
} from '../../src/bench/gpu-timing.ts';
import { stderrProgress } from '../../src/bench/progress.ts';
import { integratorTraffic } from '../../src/gpu/simulation.ts';
import { PARTICLE_COUNTS, chooseSteps, makePlan } from '../../src/bench/schedule.ts';
import { startPositions } from '../../src/bench/starts.ts';
import { rates, summarize } from '../../src/bench/stats.ts';

describe('statistics', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5 });
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
    expect(rates(1_000, 10, [0.5, 2])).toEqual([20_000, 5_000]);
  });
});

describe('schedule', () => {
  it('caps the sizes at --max and at the adapter, and keeps the reference to small sizes', () => {
    const plan = makePlan({}, 5_000_000);
    expect(plan.particleCounts).toEqual(PARTICLE_COUNTS.slice(0, 6));
    expect(plan.referenceCounts).toEqual([4_096, 16_384]);
    expect(makePlan({ max: 70_000 }, Infinity).particleCounts).toEqual([4_096, 16_384, 65_536]);
    expect(makePlan({ quick: true }, Infinity).particleCounts.at(-1)).toBe(262_144);
    expect(makePlan({ max: 1_000 }, Infinity).particleCounts).toEqual([1_000]);
  });

  it('sizes a repetition to the target time, within bounds, and skips what would run long', () => {
    const plan = makePlan({}, Infinity);
    expect(chooseSteps(plan, 0.6, 0.05, 2)).toBe(12);
    expect(chooseSteps(plan, 0.6, 1e-6, 2)).toBe(400);
    expect(chooseSteps(plan, 0.6, 0.5, 2)).toBe(2);
    // 2 steps at 2 s each: 4 s, over the 3 s limit, unless --full.
    expect(plan.maxSeconds).toBe(3);
    expect(chooseSteps(plan, 0.6, 2, 2)).toBeNull();
    expect(chooseSteps(makePlan({ full: true }, Infinity), 0.6, 2, 2)).toBe(2);
    expect(chooseSteps(makePlan({ steps: 7 }, Infinity), 0.6, 2, 2)).toBe(7);
  });

  it('splits steps into fused dispatches of FUSED_STEPS, or one step each', () => {
    expect(dispatchSteps(2 * FUSED_STEPS + 3, 'fused')).toEqual([FUSED_STEPS, FUSED_STEPS, 3]);
    expect(dispatchSteps(5, 'per-step')).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('bytes per particle', () => {
  it("match the integrator's per-particle arrays: memory only where the optimiser has one", () => {
    const wgsl = readFileSync(new URL('../../shaders/integrate.wgsl', import.meta.url), 'utf8');
    const sizes: Record<string, number> = { 'vec2<f32>': 8, f32: 4, 'vec4<f32>': 16, u32: 4 };
    const arrays = [...wgsl.matchAll(/var<storage, read_write> (\w+): array<([\w<>]+)>;/g)];
    const bytes = Object.fromEntries(arrays.map(([, name, type]) => [name, sizes[type]]));
    expect(Object.keys(bytes).sort()).toEqual(['memory', 'positions', 'trailStarts']);
    const all = bytes.positions + bytes.memory + bytes.trailStarts;

    // Reads position and memory, writes them and the trail start.
    expect(integratorTraffic('momentum')).toEqual({
      read: bytes.positions + bytes.memory,
      written: all,
    });
    // The same without the memory.
    expect(integratorTraffic('flow')).toEqual({
      read: bytes.positions,
      written: all - bytes.memory,
    });
    for (const kernel of BENCH_KERNELS) {
      expect(BYTES_READ_PER_PARTICLE).toBe(integratorTraffic(kernel).read);
      expect(BYTES_WRITTEN_PER_PARTICLE).toBe(integratorTraffic(kernel).written);
    }
  });
});

describe('tuned CPU loops', () => {
  it('follow the f64 reference step for every benchmarked case', () => {
    const starts = startPositions(256, 3);
    for (const { config, label } of benchCases()) {
      const difference = maxAbsDifference(
        tunedFinals(config, starts, 10),
        referenceLoop(config, starts, 10),
      );
      // f64 arithmetic, one f32 rounding at the end of values below 8: at most 2^-22.
      expect(difference, label).toBeLessThan(2.5e-7);
    }
  });

  it('reports a NaN difference as one', () => {
    expect(maxAbsDifference([0, NaN, 1], [0, 0, 1])).toBeNaN();
  });
});

describe('progress line', () => {
  function fakeStream(isTTY: boolean) {
    const written: string[] = [];
    const stream = { isTTY, columns: 40, write: (text: string) => written.push(text) };
    return { written, progress: stderrProgress(stream as unknown as NodeJS.WriteStream) };
  }

  it('rewrites one line in place on a terminal and clears it at the end', () => {
    const { written, progress } = fakeStream(true);
    progress.update('running a long step name that is wider than the terminal');
    progress.finished('done');
    progress.close();
    expect(written.every((text) => text.startsWith('\r'))).toBe(true);
    expect(written.some((text) => text.includes('\n'))).toBe(false);
    expect(written[0].length).toBeLessThanOrEqual('\r\x1b[2K'.length + 39);
  });

  it('writes only finished measurements, one line each, elsewhere', () => {
    const { written, progress } = fakeStream(false);
    progress.update('running');
    progress.finished('done');
    progress.close();
    expect(written).toEqual(['done\n']);
  });
});
