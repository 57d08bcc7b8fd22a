// The adaptive particle count: exact powers of two from the proportional model, with its bounds.
import { describe, expect, it } from 'vitest';
import {
  MIN_BUDGET_PARTICLES,
  TARGET_FRAME_MS,
  loweredNotice,
  recommendParticles,
} from '../../src/app/particle-budget.ts';

const MI = 1 << 20;

describe('recommendParticles', () => {
  it('keeps the count while the median frame holds the target', () => {
    expect(recommendParticles({ current: MI, frameTimesMs: [20, 30, 50], ceiling: MI })).toBe(MI);
    // One slow frame (a hiccup) does not move the median.
    expect(recommendParticles({ current: MI, frameTimesMs: [30, 30, 30, 900], ceiling: MI })).toBe(
      MI,
    );
  });

  it('lowers to the largest power of two that the proportional model fits in the target', () => {
    // 200 ms at 2^20: 2^20 * 50 / 200 = 2^18 exactly.
    expect(recommendParticles({ current: MI, frameTimesMs: [200, 200, 200], ceiling: MI })).toBe(
      MI / 4,
    );
    // 60 ms: 2^20 * 50 / 60 = 873,813, between 2^19 and 2^20.
    expect(recommendParticles({ current: MI, frameTimesMs: [60], ceiling: MI })).toBe(MI / 2);
    // 201 ms: just over 200, so 2^18 no longer fits: 2^17.
    expect(recommendParticles({ current: MI, frameTimesMs: [201], ceiling: MI })).toBe(MI / 8);
  });

  it('takes the median of an even number of frames', () => {
    // Median (100 + 300) / 2 = 200 ms: 2^18 as above.
    expect(recommendParticles({ current: MI, frameTimesMs: [300, 100], ceiling: MI })).toBe(MI / 4);
  });

  it('starts from a count that is not a power of two', () => {
    // 1,000,000 * 50 / 100 = 500,000: the power of two below is 2^18.
    expect(recommendParticles({ current: 1_000_000, frameTimesMs: [100], ceiling: MI })).toBe(
      262_144,
    );
  });

  it('never goes below the floor, nor raises a count already under it', () => {
    // 10 s per frame at 2^20: 5,243 particles would fit; the floor is 16,384.
    expect(recommendParticles({ current: MI, frameTimesMs: [10_000], ceiling: MI })).toBe(
      MIN_BUDGET_PARTICLES,
    );
    expect(recommendParticles({ current: 4_096, frameTimesMs: [500], ceiling: MI })).toBe(4_096);
  });

  it('never exceeds the ceiling (the count asked for)', () => {
    expect(recommendParticles({ current: MI, frameTimesMs: [10], ceiling: 65_536 })).toBe(65_536);
    expect(recommendParticles({ current: MI, frameTimesMs: [60], ceiling: 65_536 })).toBe(65_536);
  });

  it('keeps the count without usable measurements', () => {
    expect(recommendParticles({ current: MI, frameTimesMs: [], ceiling: MI })).toBe(MI);
    expect(recommendParticles({ current: MI, frameTimesMs: [0, -5, NaN], ceiling: MI })).toBe(MI);
  });
});

describe('loweredNotice', () => {
  it('names the count and the frame rate of the target', () => {
    expect(TARGET_FRAME_MS).toBe(50);
    expect(loweredNotice(262_144)).toBe(
      'particle count lowered to 262,144 to keep about 20 frames/s',
    );
  });
});
