// The view's zoom limit: the window may not shrink below what f32 positions resolve at its
// centre (about 1000 distinct values over its height), with the limit reported.
import { describe, expect, it } from 'vitest';
import {
  F32_POSITIONS_PER_HALF_HEIGHT,
  VIEW_RANGES,
  View,
  f32Spacing,
} from '../../src/app/view.ts';

function viewAt(center: [number, number], halfHeight = 2.5): View {
  const view = new View();
  view.setSize(800, 600);
  view.copyFrom({ center, halfHeight });
  return view;
}

/** Distinct f32 values in [centre - halfHeight, centre + halfHeight] along one coordinate. */
function f32ValuesAcross(centre: number, halfHeight: number): number {
  const low = Math.fround(centre - halfHeight);
  const high = Math.fround(centre + halfHeight);
  return Math.round((high - low) / f32Spacing(centre));
}

describe('f32Spacing', () => {
  it('is 2^(e - 23) for |x| in [2^e, 2^(e+1))', () => {
    expect(f32Spacing(1)).toBe(2 ** -23);
    expect(f32Spacing(1000)).toBe(2 ** -14);
    expect(f32Spacing(-1000)).toBe(2 ** -14);
    expect(f32Spacing(1e6)).toBe(2 ** -4);
    // 0: the smallest subnormal.
    expect(f32Spacing(0)).toBe(2 ** -149);
  });
});

describe('zoom limit', () => {
  it('near the equilibrium a window 1e-4 high is allowed and not limited', () => {
    const view = viewAt([0, 0]);
    view.zoomAt(400, 300, 5e-5 / 2.5);
    expect(view.halfHeight).toBeCloseTo(5e-5, 15);
    expect(view.precisionLimited).toBe(false);
  });

  it('at an offset of 1e3 the half height stops at 500 ulps, ~0.03, and says so', () => {
    const view = viewAt([1000, 0]);
    view.zoomAt(400, 300, 1e-4 / 2.5);
    const ulp = 2 ** -14;
    expect(view.halfHeight).toBeCloseTo(F32_POSITIONS_PER_HALF_HEIGHT * ulp, 12);
    expect(view.halfHeight).toBeCloseTo(0.0305, 4);
    expect(view.precisionLimited).toBe(true);
    // About a thousand f32 values over the window's height.
    expect(f32ValuesAcross(1000, view.halfHeight)).toBe(2 * F32_POSITIONS_PER_HALF_HEIGHT);

    // Zooming back out lifts the notice.
    view.zoomAt(400, 300, 2);
    expect(view.precisionLimited).toBe(false);
  });

  it('applies to a view taken from a link, and to a pan into a coarser binade', () => {
    const linked = viewAt([0, -1000], 1e-4);
    expect(linked.halfHeight).toBe(F32_POSITIONS_PER_HALF_HEIGHT * 2 ** -14);
    expect(linked.precisionLimited).toBe(true);

    const panned = viewAt([1023.99, 0], 0.031);
    expect(panned.halfHeight).toBe(0.031);
    expect(panned.precisionLimited).toBe(false);
    // The centre crosses 1024 = 2^10: the spacing doubles to 2^-13.
    panned.pan(-(0.02 / panned.unitsPerPixel), 0);
    expect(panned.center[0]).toBeGreaterThan(1024);
    expect(panned.halfHeight).toBe(F32_POSITIONS_PER_HALF_HEIGHT * 2 ** -13);
    expect(panned.precisionLimited).toBe(true);
  });

  it('at the far edge of the plane, 1e6, the window stays at least 31 high', () => {
    const view = viewAt([VIEW_RANGES.center.max, VIEW_RANGES.center.max], 1);
    expect(view.halfHeight).toBe(F32_POSITIONS_PER_HALF_HEIGHT * 2 ** -4);
  });
});
