// Pixel grids of the maps: pixel (column, row) stands for the centre of its cell, columns run
// left to right over the horizontal range, rows top to bottom over the vertical range (row 0
// at its upper end, as in an image). Values are f32, exactly as the GPU reads them.

export interface AxisRange {
  min: number;
  max: number;
}

/** The view of a basin map: where its runs start. */
export interface ViewRect {
  thetaMin: number;
  thetaMax: number;
  psiMin: number;
  psiMax: number;
}

/** Cell centres from min to max: the values of the columns. */
export function columnValues(range: AxisRange, width: number): Float32Array<ArrayBuffer> {
  const cell = (range.max - range.min) / width;
  return Float32Array.from({ length: width }, (_, column) => range.min + (column + 0.5) * cell);
}

/** Cell centres from max down to min: the values of the rows. */
export function rowValues(range: AxisRange, height: number): Float32Array<ArrayBuffer> {
  const cell = (range.max - range.min) / height;
  return Float32Array.from({ length: height }, (_, row) => range.max - (row + 0.5) * cell);
}

export function viewAxes(view: ViewRect): [AxisRange, AxisRange] {
  return [
    { min: view.thetaMin, max: view.thetaMax },
    { min: view.psiMin, max: view.psiMax },
  ];
}

/** Where a point of the plane falls, in fractional pixels (0 = left or top edge). */
export function pixelOf(
  [horizontal, vertical]: [AxisRange, AxisRange],
  width: number,
  height: number,
  [a, b]: [number, number],
): [number, number] {
  return [
    ((a - horizontal.min) / (horizontal.max - horizontal.min)) * width,
    ((vertical.max - b) / (vertical.max - vertical.min)) * height,
  ];
}
