// Marching squares against level sets known in closed form.
import { describe, expect, it } from 'vitest';
import { zeroContour } from '../../src/app/contours.ts';

function sample(columns: number, rows: number, f: (x: number, y: number) => number): number[] {
  const values: number[] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) values.push(f(column, row));
  }
  return values;
}

function endpoints(segments: number[][]): [number, number][] {
  return segments.flatMap(([x0, y0, x1, y1]) => [
    [x0!, y0!],
    [x1!, y1!],
  ]);
}

describe('zero contour by marching squares', () => {
  it('a linear function: one segment per row of cells, exactly on the line', () => {
    const segments = zeroContour(
      sample(10, 8, (x) => x - 2.3),
      10,
      8,
    );

    expect(segments).toHaveLength(7);
    for (const [x] of endpoints(segments)) expect(x).toBeCloseTo(2.3, 12);
  });

  it('a circle: a closed chain of segments near the radius', () => {
    const r = 7;
    const segments = zeroContour(
      sample(21, 21, (x, y) => (x - 10) ** 2 + (y - 10) ** 2 - r * r),
      21,
      21,
    );

    // Linear interpolation of a quadratic across a unit cell misses the circle by at most
    // 1/(8r) per unit of curvature; 0.1 is ample at r = 7.
    for (const [x, y] of endpoints(segments)) {
      expect(Math.abs(Math.hypot(x - 10, y - 10) - r)).toBeLessThan(0.1);
    }
    // Closed: every end point is shared by exactly two segments.
    const counts = new Map<string, number>();
    for (const [x, y] of endpoints(segments)) {
      const key = `${x.toFixed(9)},${y.toFixed(9)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.values()].every((count) => count === 2)).toBe(true);
  });

  it('a saddle x y: the two axes, split by the centre value', () => {
    const segments = zeroContour(
      sample(5, 5, (x, y) => (x - 2.5) * (y - 1.5)),
      5,
      5,
    );
    for (const [x, y] of endpoints(segments)) {
      expect(Math.min(Math.abs(x - 2.5), Math.abs(y - 1.5))).toBeLessThan(1e-12);
    }
  });

  it('skips cells with a non-finite corner and draws nothing without a sign change', () => {
    const values = sample(4, 4, (x) => x - 1.5);
    values[5] = Number.NaN;
    expect(zeroContour(values, 4, 4)).toHaveLength(1);
    expect(
      zeroContour(
        sample(4, 4, () => 1),
        4,
        4,
      ),
    ).toEqual([]);
  });
});
