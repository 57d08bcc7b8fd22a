// The benchmark page's pure parts: timestamps to milliseconds with implausible samples dropped,
// and the URL options.
import { describe, expect, it } from 'vitest';
import { timesFromTimestamps } from '../../src/bench-page/frame-timer.ts';
import { benchOptions } from '../../src/bench-page/options.ts';

describe('timesFromTimestamps', () => {
  it('turns nanosecond timestamps into compute and render milliseconds', () => {
    const stamps = new BigUint64Array([1_000_000n, 3_500_000n, 4_000_000n, 10_000_000n]);
    expect(timesFromTimestamps(stamps)).toEqual({ computeMs: 2.5, renderMs: 6 });
  });

  it('subtracts before rounding: large clock values keep nanoseconds', () => {
    // 2^60 ns is beyond 2^53, where a double no longer holds every integer.
    const base = 2n ** 60n;
    const stamps = new BigUint64Array([base + 1n, base + 1_000_002n, base + 3n, base + 2_000_004n]);
    expect(timesFromTimestamps(stamps)).toEqual({ computeMs: 1.000001, renderMs: 2.000001 });
  });

  it('drops zero, negative and implausibly long samples', () => {
    expect(timesFromTimestamps(new BigUint64Array([5n, 5n, 1n, 2n]))).toBeNull();
    expect(timesFromTimestamps(new BigUint64Array([1n, 2n, 9n, 3n]))).toBeNull();
    // An unwritten timestamp reads 0: a begin of 0 makes a pass of days.
    expect(timesFromTimestamps(new BigUint64Array([0n, 10n ** 15n, 1n, 2n]))).toBeNull();
    expect(timesFromTimestamps(new BigUint64Array([1n, 2n]))).toBeNull();
  });
});

describe('benchOptions', () => {
  it('sweeps powers of two from 16 Ki to 4 Mi by default', () => {
    const { options, problems } = benchOptions('');
    expect(options.plan.counts).toEqual([14, 15, 16, 17, 18, 19, 20, 21, 22].map((e) => 2 ** e));
    expect(options.quick).toBe(false);
    expect(options.cpuTiming).toBe(false);
    expect(problems).toEqual([]);
  });

  it('reads quick, max and timing', () => {
    const quick = benchOptions('?quick=1&timing=cpu').options;
    expect(quick.quick).toBe(true);
    expect(quick.plan.counts).toEqual([16_384, 65_536]);
    expect(quick.cpuTiming).toBe(true);
    expect(benchOptions('?max=300000').options.plan.counts.at(-1)).toBe(262_144);
  });

  it('ignores values it does not understand, and says so', () => {
    const { options, problems } = benchOptions('?max=lots&timing=fast');
    expect(options.plan.counts.at(-1)).toBe(4_194_304);
    expect(options.cpuTiming).toBe(false);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('max=lots ignored');
    expect(problems[1]).toContain('timing=fast ignored');
  });
});
