// Pixel statistics of a Playwright screenshot: reading a WebGPU canvas back through a 2-D
// canvas gives blank data, so tests decode the compositor's PNG instead.
import { PNG } from 'pngjs';

export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

export function decodePng(buffer: Buffer): Pixels {
  const png = PNG.sync.read(buffer);
  return { width: png.width, height: png.height, data: png.data };
}

/** Fraction of pixels whose colour differs from the most common colour (the background). */
export function nonBackgroundFraction(pixels: Pixels): number {
  const counts = new Map<number, number>();
  const { data } = pixels;
  for (let i = 0; i < data.length; i += 4) {
    const key = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let background = 0;
  for (const count of counts.values()) background = Math.max(background, count);
  const total = data.length / 4;
  return (total - background) / total;
}

/** Fraction of pixels that differ by more than `threshold` in any channel. */
export function changedFraction(a: Pixels, b: Pixels, threshold = 8): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let changed = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    const delta = Math.max(
      Math.abs(a.data[i]! - b.data[i]!),
      Math.abs(a.data[i + 1]! - b.data[i + 1]!),
      Math.abs(a.data[i + 2]! - b.data[i + 2]!),
    );
    if (delta > threshold) changed++;
  }
  return changed / (a.data.length / 4);
}
