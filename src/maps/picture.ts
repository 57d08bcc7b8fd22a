// A map as a finished picture: the coloured pixels in a frame with ticks on both axes, a
// title, the axis names, lines drawn over the map (contours, critical curves) and a legend.
// Pure RGBA; src/node/map-files.ts encodes it as PNG.
import type { Legend, LegendLine, Rgb } from './colour.ts';
import type { Point } from './contour.ts';
import { ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows, textWidth } from './font.ts';
import { type AxisRange, pixelOf } from './grid.ts';

export interface Raster {
  width: number;
  height: number;
  /** RGBA, row by row from the top. */
  data: Uint8ClampedArray<ArrayBuffer>;
}

/** A finished picture and where the map sits in it. */
export interface MapPicture extends Raster {
  plot: { left: number; top: number; width: number; height: number };
}

export interface LabelledAxis extends AxisRange {
  label: string;
}

export interface MapPictureSpec {
  title: string;
  /** The map, one picture pixel per map pixel. */
  image: Raster;
  /** Horizontal and vertical axes of the map. */
  axes: [LabelledAxis, LabelledAxis];
  legend: Legend;
  /** Polylines (a contour's segments, a sampled curve) in axis coordinates, drawn over the map. */
  overlays: { polylines: Point[][]; style: LegendLine }[];
}

const BACKGROUND: Rgb = [255, 255, 255];
const INK: Rgb = [0, 0, 0];
/** Ticks per axis, at most, about. */
const TICK_TARGET = 5;
/** Characters a horizontal tick label may take, with the space around it. */
const TICK_LABEL_ROOM = 7;
/** The legend's colour bar is at least this tall, in font pixels. */
const MIN_BAR = 60;

export function mapPicture(spec: MapPictureSpec): MapPicture {
  const { image, axes, legend } = spec;
  // Labels twice as large on big maps, so that they stay readable next to them.
  const s = Math.min(image.width, image.height) >= 512 ? 2 : 1;
  const pad = 6 * s;
  const line = (GLYPH_HEIGHT + 3) * s;
  const tick = 4 * s;

  // Fewer ticks on small maps, so that their labels do not collide.
  const horizontalTicks = niceTicks(axes[0], image.width / (TICK_LABEL_ROOM * ADVANCE * s));
  const verticalTicks = niceTicks(axes[1], image.height / (2 * line));
  const left = pad + Math.max(...verticalTicks.map((t) => textWidth(t.label, s))) + tick + 2 * s;
  const legendLeft = left + image.width + 12 * s;
  const legendLabels = [
    legend.title,
    ...legend.swatches.map((swatch) => `    ${swatch.label}`),
    ...legend.lines.map((entry) => `      ${entry.label}`),
    ...(legend.bar?.ticks ?? []).map((t) => `      ${t.label}`),
  ];
  const legendWidth = Math.max(...legendLabels.map((label) => textWidth(label, s)));
  const width = Math.max(legendLeft + legendWidth, left + textWidth(axes[0].label, s)) + pad;
  // The title wraps to the width the map and the legend need.
  const titleLines = wrapText(spec.title, Math.floor((width - 2 * pad) / (ADVANCE * s)));
  const top = pad + (titleLines.length + 1) * line + 2 * s;
  const entries = legend.swatches.length + legend.lines.length;
  const barHeight = legend.bar
    ? Math.max(MIN_BAR * s, image.height - (entries + 2) * line - (GLYPH_HEIGHT * s) / 2)
    : 0;
  const legendHeight = line + (legend.bar ? barHeight + 2 * line : 0) + entries * line;

  // The horizontal axis's name goes below the tick labels and below the legend.
  const axisNameY = top + Math.max(image.height + tick + 2 * s + line, legendHeight + s);
  const raster = blankRaster(width, axisNameY + line + pad);
  titleLines.forEach((text, k) => drawText(raster, pad, pad + k * line, text, INK, s));
  drawText(raster, pad, pad + titleLines.length * line, axes[1].label, INK, s);

  // The map, its overlays clipped to it, and the frame.
  blit(raster, image, left, top);
  const plot = { left, top, width: image.width, height: image.height };
  for (const overlay of spec.overlays) {
    for (const polyline of overlay.polylines) {
      const points = polyline.map((point) => pixelOf(axes, image.width, image.height, point));
      drawPolyline(raster, plot, points, overlay.style, s);
    }
  }
  strokeRect(raster, left - 1, top - 1, image.width + 2, image.height + 2, INK);

  // Ticks and their labels.
  for (const { value, label } of horizontalTicks) {
    const x = left + Math.round(pixelOf(axes, image.width, image.height, [value, 0])[0]);
    fillRect(raster, x, top + image.height, Math.max(1, s / 2), tick, INK);
    const width = textWidth(label, s);
    drawText(raster, x - width / 2, top + image.height + tick + 2 * s, label, INK, s);
  }
  for (const { value, label } of verticalTicks) {
    const y = top + Math.round(pixelOf(axes, image.width, image.height, [0, value])[1]);
    fillRect(raster, left - tick - 1, y, tick, Math.max(1, s / 2), INK);
    const width = textWidth(label, s);
    drawText(raster, left - tick - 2 * s - width, y - (GLYPH_HEIGHT * s) / 2, label, INK, s);
  }
  const axisLabelWidth = textWidth(axes[0].label, s);
  drawText(
    raster,
    left + Math.max(0, (image.width - axisLabelWidth) / 2),
    axisNameY,
    axes[0].label,
    INK,
    s,
  );

  drawLegend(raster, legend, legendLeft, top, barHeight, s);
  return { ...raster, plot };
}

function drawLegend(
  raster: Raster,
  legend: Legend,
  left: number,
  top: number,
  barHeight: number,
  s: number,
): void {
  const line = (GLYPH_HEIGHT + 3) * s;
  drawText(raster, left, top, legend.title, INK, s);
  // Half a line more below the title: the top tick's label is centred on the bar's top.
  let y = top + line + (GLYPH_HEIGHT * s) / 2;

  if (legend.bar) {
    const barWidth = 12 * s;
    const height = barHeight;
    for (let row = 0; row < height; row++) {
      const t = 1 - row / Math.max(1, height - 1);
      fillRect(raster, left, y + row, barWidth, 1, legend.bar.colour(t));
    }
    strokeRect(raster, left - 1, y - 1, barWidth + 2, height + 2, INK);
    for (const { t, label } of legend.bar.ticks) {
      const tickY = y + Math.round((1 - t) * (height - 1));
      fillRect(raster, left + barWidth, tickY, 3 * s, Math.max(1, s / 2), INK);
      drawText(raster, left + barWidth + 5 * s, tickY - (GLYPH_HEIGHT * s) / 2, label, INK, s);
    }
    y += height + line;
  }

  for (const swatch of legend.swatches) {
    fillRect(raster, left, y, 3 * ADVANCE * s - s, GLYPH_HEIGHT * s, swatch.colour);
    strokeRect(raster, left, y, 3 * ADVANCE * s - s, GLYPH_HEIGHT * s, INK);
    drawText(raster, left + 4 * ADVANCE * s, y, swatch.label, INK, s);
    y += line;
  }
  for (const entry of legend.lines) {
    const box = { left, top: y, width: 5 * ADVANCE * s, height: GLYPH_HEIGHT * s };
    fillRect(raster, box.left, box.top, box.width, box.height, [128, 128, 128]);
    const middle = (GLYPH_HEIGHT * s) / 2;
    drawPolyline(
      raster,
      box,
      [
        [0, middle],
        [box.width, middle],
      ],
      entry,
      s,
    );
    drawText(raster, left + 6 * ADVANCE * s, y, entry.label, INK, s);
    y += line;
  }
}

/** Lines of at most `columns` characters, broken at spaces where possible. */
function wrapText(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (next.length > columns && line !== '') {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  lines.push(line);
  return lines;
}

interface Tick {
  value: number;
  label: string;
}

/** Round values (1, 2 or 5 times a power of ten apart) inside the axis range, about `count`. */
function niceTicks(axis: AxisRange, count: number): Tick[] {
  const span = axis.max - axis.min;
  const rough = span / Math.min(TICK_TARGET, Math.max(1, count));
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough)!;
  const ticks: Tick[] = [];
  for (let k = Math.ceil(axis.min / step); k * step <= axis.max + 1e-9 * span; k++) {
    const value = k * step;
    ticks.push({ value, label: String(Number(value.toPrecision(6)) + 0) });
  }
  return ticks;
}

function blankRaster(width: number, height: number): Raster {
  const raster = { width, height, data: new Uint8ClampedArray(width * height * 4) };
  fillRect(raster, 0, 0, width, height, BACKGROUND);
  return raster;
}

function setPixel(raster: Raster, x: number, y: number, [r, g, b]: Rgb): void {
  if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return;
  const offset = 4 * (y * raster.width + x);
  raster.data[offset] = r;
  raster.data[offset + 1] = g;
  raster.data[offset + 2] = b;
  raster.data[offset + 3] = 255;
}

function fillRect(
  raster: Raster,
  x: number,
  y: number,
  width: number,
  height: number,
  colour: Rgb,
): void {
  const [x0, y0] = [Math.round(x), Math.round(y)];
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) setPixel(raster, x0 + column, y0 + row, colour);
  }
}

function strokeRect(
  raster: Raster,
  x: number,
  y: number,
  width: number,
  height: number,
  colour: Rgb,
): void {
  fillRect(raster, x, y, width, 1, colour);
  fillRect(raster, x, y + height - 1, width, 1, colour);
  fillRect(raster, x, y, 1, height, colour);
  fillRect(raster, x + width - 1, y, 1, height, colour);
}

function blit(raster: Raster, image: Raster, left: number, top: number): void {
  for (let row = 0; row < image.height; row++) {
    const source = image.data.subarray(4 * row * image.width, 4 * (row + 1) * image.width);
    raster.data.set(source, 4 * ((top + row) * raster.width + left));
  }
}

function drawText(
  raster: Raster,
  x: number,
  y: number,
  text: string,
  colour: Rgb,
  scale: number,
): void {
  const [x0, y0] = [Math.round(x), Math.round(y)];
  [...text].forEach((character, index) => {
    glyphRows(character).forEach((bits, row) => {
      for (let column = 0; column < GLYPH_WIDTH; column++) {
        if (((bits >> (GLYPH_WIDTH - 1 - column)) & 1) === 0) continue;
        const px = x0 + (index * ADVANCE + column) * scale;
        fillRect(raster, px, y0 + row * scale, scale, scale, colour);
      }
    });
  });
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A polyline through points in box pixels (fractional), clipped to the box. */
function drawPolyline(
  raster: Raster,
  box: Box,
  points: [number, number][],
  style: LegendLine,
  s: number,
): void {
  // Dashes 4 s long with gaps of 3 s, measured along the whole polyline.
  let travelled = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    const [[x0, y0], [x1, y1]] = [points[k], points[k + 1]];
    const length = Math.hypot(x1 - x0, y1 - y0);
    const count = Math.max(1, Math.ceil(length * 2));
    for (let i = 0; i <= count; i++) {
      const t = i / count;
      if (style.dashed && (travelled + t * length) % (7 * s) >= 4 * s) continue;
      const x = Math.floor(x0 + t * (x1 - x0));
      const y = Math.floor(y0 + t * (y1 - y0));
      if (x < 0 || y < 0 || x >= box.width || y >= box.height) continue;
      fillRect(raster, box.left + x, box.top + y, s, s, style.colour);
    }
    travelled += length;
  }
}
