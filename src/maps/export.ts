// The raw forms of a map: the JSON header that goes with its float32 values, and CSV.
import type { MapProduct } from './products.ts';

/** Beyond this many pixels, CSV gets unwieldy: the float32 form is for large maps. */
export const MAX_CSV_PIXELS = 512 * 512;

export const RAW_LAYOUT =
  'float32, little-endian, row-major: width values per row, row 0 at the top (the vertical ' +
  "axis's max); pixel (column c, row r) stands for horizontal = min + (c + 0.5) (max - min) / " +
  'width, vertical = max - (r + 0.5) (max - min) / height';

export function rawHeader(product: MapProduct, dataFile: string): Record<string, unknown> {
  return {
    format: 'ganflow map',
    data: dataFile,
    layout: RAW_LAYOUT,
    kind: product.kind,
    width: product.width,
    height: product.height,
    horizontal: product.axes[0],
    vertical: product.axes[1],
    value: product.value,
    ...product.settings,
  };
}

/** Little-endian float32 bytes of the values. */
export function rawBytes(product: MapProduct): Uint8Array {
  const view = new DataView(new ArrayBuffer(product.values.length * 4));
  product.values.forEach((value, i) => view.setFloat32(4 * i, value, true));
  return new Uint8Array(view.buffer);
}

/** One line per pixel, row by row from the top: horizontal, vertical, value. */
export function csvText(product: MapProduct): string {
  const { width, height, axes } = product;
  const [horizontal, vertical] = axes;
  const lines = [`${horizontal.name},${vertical.name},${product.value.name}`];
  const cellH = (horizontal.max - horizontal.min) / width;
  const cellV = (vertical.max - vertical.min) / height;
  for (let row = 0; row < height; row++) {
    const b = vertical.max - (row + 0.5) * cellV;
    for (let column = 0; column < width; column++) {
      const a = horizontal.min + (column + 0.5) * cellH;
      lines.push(`${number(a)},${number(b)},${number(product.values[row * width + column])}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function number(value: number): string {
  return Number.isNaN(value) ? 'NaN' : String(Number(value.toPrecision(9)));
}
