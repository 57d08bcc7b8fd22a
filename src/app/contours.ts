// The zero level set of a function sampled on a grid, by marching squares: line segments in grid
// coordinates (column, row), placed on cell edges by linear interpolation. A sign change across
// a jump (WGAN-GP's v_psi at psi = 0) is traced like a zero: both mark where the sign flips.

/** [column0, row0, column1, row1]. */
export type Segment = [number, number, number, number];

/** `values[row * columns + column]`; cells with a non-finite corner are skipped. */
export function zeroContour(values: ArrayLike<number>, columns: number, rows: number): Segment[] {
  const segments: Segment[] = [];
  const at = (column: number, row: number) => values[row * columns + column]!;

  for (let row = 0; row + 1 < rows; row++) {
    for (let column = 0; column + 1 < columns; column++) {
      // Corners clockwise from the top left: a (c, r), b (c+1, r), c (c+1, r+1), d (c, r+1).
      const a = at(column, row);
      const b = at(column + 1, row);
      const c = at(column + 1, row + 1);
      const d = at(column, row + 1);
      if (!Number.isFinite(a + b + c + d)) continue;

      const crossing = (
        from: number,
        to: number,
        x0: number,
        y0: number,
        x1: number,
        y1: number,
      ) => {
        const t = from / (from - to);
        return [x0 + t * (x1 - x0), y0 + t * (y1 - y0)] as const;
      };
      const top = a >= 0 !== b >= 0 ? crossing(a, b, column, row, column + 1, row) : null;
      const right = b >= 0 !== c >= 0 ? crossing(b, c, column + 1, row, column + 1, row + 1) : null;
      const bottom =
        d >= 0 !== c >= 0 ? crossing(d, c, column, row + 1, column + 1, row + 1) : null;
      const left = a >= 0 !== d >= 0 ? crossing(a, d, column, row, column, row + 1) : null;

      const points = [top, right, bottom, left].filter((point) => point !== null);
      if (points.length === 2) {
        segments.push([...points[0]!, ...points[1]!]);
      } else if (points.length === 4) {
        // A saddle: the centre's sign decides which pair of opposite corners is connected.
        const centreLikeA = (a + b + c + d) / 4 >= 0 === a >= 0;
        if (centreLikeA) {
          segments.push([...top!, ...right!], [...bottom!, ...left!]);
        } else {
          segments.push([...top!, ...left!], [...right!, ...bottom!]);
        }
      }
    }
  }
  return segments;
}
