// Perceptual colour maps sampled into 256 RGBA8 texels: the speed of a particle picks a texel.
import {
  interpolateCividis,
  interpolateInferno,
  interpolateMagma,
  interpolateTurbo,
  interpolateViridis,
} from 'd3-scale-chromatic';

export const COLORMAPS = {
  viridis: interpolateViridis,
  magma: interpolateMagma,
  inferno: interpolateInferno,
  turbo: interpolateTurbo,
  cividis: interpolateCividis,
} as const;

export type ColormapName = keyof typeof COLORMAPS;
export const COLORMAP_NAMES = Object.keys(COLORMAPS) as ColormapName[];

export const COLORMAP_TEXELS = 256;

/** d3 writes its colours as '#rrggbb' or 'rgb(r, g, b)'. */
function parseColor(css: string): [number, number, number] {
  if (css.startsWith('#')) {
    const hex = Number.parseInt(css.slice(1), 16);
    return [(hex >> 16) & 255, (hex >> 8) & 255, hex & 255];
  }
  const channels = css.match(/\d+/g);
  if (!channels || channels.length < 3) throw new Error(`unexpected colour '${css}'`);
  return [Number(channels[0]), Number(channels[1]), Number(channels[2])];
}

export function colormapTexels(name: ColormapName): Uint8Array<ArrayBuffer> {
  const interpolate = COLORMAPS[name];
  const texels = new Uint8Array(COLORMAP_TEXELS * 4);
  for (let i = 0; i < COLORMAP_TEXELS; i++) {
    const [r, g, b] = parseColor(interpolate(i / (COLORMAP_TEXELS - 1)));
    texels.set([r, g, b, 255], i * 4);
  }
  return texels;
}
