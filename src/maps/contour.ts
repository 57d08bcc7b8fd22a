// The level set of a map (the rho = 1 contour of a stability diagram) by marching squares over
// the pixel centres, as line segments in axis coordinates.
import type { AxisRange } from './grid.ts';

export type Point = [number, number];
export type Segment = [Point, Point];

/**
 * Segments where the values (row by row from the top) cross `level`, linearly interpolated
 * along the edges of the cells between pixel centres. A cell with a non-finite corner is
 * skipped; in a saddle cell the centre's mean picks the pairing.
 */
export function contourSegments(
  values: ArrayLike<number>,
  width: number,
  height: number,
  axes: [AxisRange, AxisRange],
  level = 1,
): Segment[] {
  const [horizontal, vertical] = axes;
  const toAxes = ([column, row]: Point): Point => [
    horizontal.min + ((column + 0.5) * (horizontal.max - horizontal.min)) / width,
    vertical.max - ((row + 0.5) * (vertical.max - vertical.min)) / height,
  ];
  const at = (column: number, row: number) => values[row * width + column] - level;
  const segments: Segment[] = [];

  for (let row = 0; row + 1 < height; row++) {
    for (let column = 0; column + 1 < width; column++) {
      // Corners counter-clockwise from the top left, in (column, row).
      const corners: Point[] = [
        [column, row],
        [column + 1, row],
        [column + 1, row + 1],
        [column, row + 1],
      ];
      const heights = corners.map(([c, r]) => at(c, r));
      if (!heights.every(Number.isFinite)) continue;

      // The crossing on each edge k (corner k to corner k + 1) that changes sign.
      const crossings: (Point | null)[] = corners.map((start, k) => {
        const end = corners[(k + 1) % 4];
        const [h0, h1] = [heights[k], heights[(k + 1) % 4]];
        if (h0 < 0 === h1 < 0) return null;
        const t = h0 / (h0 - h1);
        return [start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1])];
      });
      const edges = crossings.flatMap((point, k) => (point ? [k] : []));
      if (edges.length === 2) {
        segments.push([toAxes(crossings[edges[0]]!), toAxes(crossings[edges[1]]!)]);
      } else if (edges.length === 4) {
        // Saddle: pair the edges around the corners that share the centre's sign.
        const centreBelow = heights.reduce((sum, h) => sum + h, 0) < 0;
        const firstBelow = heights[0] < 0;
        const pairs =
          centreBelow === firstBelow
            ? [
                [0, 1],
                [2, 3],
              ]
            : [
                [3, 0],
                [1, 2],
              ];
        for (const [a, b] of pairs) {
          segments.push([toAxes(crossings[a]!), toAxes(crossings[b]!)]);
        }
      }
    }
  }
  return segments;
}
