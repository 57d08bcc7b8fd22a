// The f64 reference field drawn beside the particles on 2-D canvases: a speed heat map under
// them, and over them a quiver of arrows and the nullclines v_theta = 0 and v_psi = 0.
import { type Method } from '../model/config.ts';
import { field } from '../reference/field.ts';
import { type CanvasSize } from './canvas-size.ts';
import { COLORMAP_TEXELS, type ColormapName, colormapTexels } from './colormaps.ts';
import { zeroContour } from './contours.ts';
import { type View } from './view.ts';

export interface LayerOptions {
  quiver: boolean;
  nullclines: boolean;
  heatmap: boolean;
  colormap: ColormapName;
}

// The heat map and the nullclines sample the field every this many CSS pixels.
const SAMPLE_SPACING_PX = 6;
// One arrow per cell of this size.
const QUIVER_SPACING_PX = 42;
// Same colour scale as the particles: speed / (speed + half), half a quarter of the half height.
const SPEED_HALF_PER_HALF_HEIGHT = 0.25;
// Opacity of the heat map: the trails on top stay readable.
const HEAT_ALPHA = 0.55;
const ARROW_COLOR = 'rgba(240, 242, 247, 0.8)';
const THETA_NULLCLINE_COLOR = '#ffb347';
const PSI_NULLCLINE_COLOR = '#5fd3ff';
const FONT = '12px system-ui, sans-serif';

interface Samples {
  columns: number;
  rows: number;
  vTheta: Float64Array;
  vPsi: Float64Array;
}

export class FieldLayers {
  private readonly heat: CanvasRenderingContext2D;
  private readonly marks: CanvasRenderingContext2D;
  private size: CanvasSize | null = null;

  constructor(
    private readonly heatCanvas: HTMLCanvasElement,
    private readonly marksCanvas: HTMLCanvasElement,
  ) {
    const heat = heatCanvas.getContext('2d');
    const marks = marksCanvas.getContext('2d');
    if (!heat || !marks) throw new Error('no 2-D canvas context for the field layers');
    this.heat = heat;
    this.marks = marks;
  }

  resize(size: CanvasSize): void {
    this.size = size;
    for (const canvas of [this.heatCanvas, this.marksCanvas]) {
      canvas.width = size.pixelWidth;
      canvas.height = size.pixelHeight;
    }
  }

  draw(method: Method, view: View, options: LayerOptions): void {
    const size = this.size;
    if (!size) return;
    for (const ctx of [this.heat, this.marks]) {
      ctx.setTransform(
        size.pixelWidth / size.cssWidth,
        0,
        0,
        size.pixelHeight / size.cssHeight,
        0,
        0,
      );
      ctx.clearRect(0, 0, size.cssWidth, size.cssHeight);
    }
    const speedHalf = SPEED_HALF_PER_HALF_HEIGHT * view.halfHeight;

    if (options.heatmap || options.nullclines) {
      const samples = sampleField(method, view, size);
      if (options.heatmap) this.drawHeat(samples, options.colormap, speedHalf);
      if (options.nullclines) this.drawNullclines(samples);
    }
    if (options.quiver) this.drawQuiver(method, view, size, speedHalf);
  }

  private drawHeat(samples: Samples, colormap: ColormapName, speedHalf: number): void {
    const { columns, rows, vTheta, vPsi } = samples;
    const texels = colormapTexels(colormap);
    const image = new ImageData(columns, rows);
    for (let k = 0; k < columns * rows; k++) {
      const speed = Math.hypot(vTheta[k]!, vPsi[k]!);
      if (!Number.isFinite(speed)) continue;
      const texel = Math.min(COLORMAP_TEXELS - 1, Math.floor((speed / (speed + speedHalf)) * 256));
      image.data.set(texels.subarray(4 * texel, 4 * texel + 3), 4 * k);
      image.data[4 * k + 3] = Math.round(255 * HEAT_ALPHA);
    }
    // Sample (i, j) sits at CSS (i, j) * spacing: stretch the image so that pixel centres land
    // there, smoothed in between.
    const bitmap = document.createElement('canvas');
    bitmap.width = columns;
    bitmap.height = rows;
    bitmap.getContext('2d')!.putImageData(image, 0, 0);
    const ctx = this.heat;
    ctx.imageSmoothingEnabled = true;
    const half = SAMPLE_SPACING_PX / 2;
    ctx.drawImage(bitmap, -half, -half, columns * SAMPLE_SPACING_PX, rows * SAMPLE_SPACING_PX);
  }

  private drawNullclines(samples: Samples): void {
    const ctx = this.marks;
    ctx.lineWidth = 2;
    const curves = [
      { values: samples.vTheta, color: THETA_NULLCLINE_COLOR, label: 'v_θ = 0' },
      { values: samples.vPsi, color: PSI_NULLCLINE_COLOR, label: 'v_ψ = 0' },
    ];
    curves.forEach(({ values, color, label }, i) => {
      ctx.strokeStyle = color;
      ctx.beginPath();
      for (const [c0, r0, c1, r1] of zeroContour(values, samples.columns, samples.rows)) {
        ctx.moveTo(c0 * SAMPLE_SPACING_PX, r0 * SAMPLE_SPACING_PX);
        ctx.lineTo(c1 * SAMPLE_SPACING_PX, r1 * SAMPLE_SPACING_PX);
      }
      ctx.stroke();
      ctx.font = FONT;
      ctx.fillStyle = color;
      ctx.textBaseline = 'top';
      ctx.fillText(`— ${label}`, 8, 8 + 16 * i);
    });
  }

  private drawQuiver(method: Method, view: View, size: CanvasSize, speedHalf: number): void {
    const ctx = this.marks;
    ctx.strokeStyle = ARROW_COLOR;
    ctx.lineWidth = 1.25;
    ctx.beginPath();
    const columns = Math.ceil(size.cssWidth / QUIVER_SPACING_PX);
    const rows = Math.ceil(size.cssHeight / QUIVER_SPACING_PX);
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        const x = (column + 0.5) * QUIVER_SPACING_PX;
        const y = (row + 0.5) * QUIVER_SPACING_PX;
        const [theta, psi] = view.toPlane(x, y);
        const [vTheta, vPsi] = field(method, theta, psi);
        const speed = Math.hypot(vTheta, vPsi);
        if (!(speed > 0) || !Number.isFinite(speed)) continue;
        // Length grows with speed but stays inside the cell; psi points up on screen.
        const length = 0.85 * QUIVER_SPACING_PX * (speed / (speed + speedHalf));
        const dx = (vTheta / speed) * length;
        const dy = (-vPsi / speed) * length;
        const [x0, y0] = [x - dx / 2, y - dy / 2];
        const [x1, y1] = [x + dx / 2, y + dy / 2];
        const head = Math.min(5, 0.4 * length);
        const angle = Math.atan2(dy, dx);
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y1);
        ctx.lineTo(x1 - head * Math.cos(angle - 0.45), y1 - head * Math.sin(angle - 0.45));
        ctx.moveTo(x1, y1);
        ctx.lineTo(x1 - head * Math.cos(angle + 0.45), y1 - head * Math.sin(angle + 0.45));
      }
    }
    ctx.stroke();
  }
}

/** v at every SAMPLE_SPACING_PX CSS pixels from the top left corner, one more past each edge. */
function sampleField(method: Method, view: View, size: CanvasSize): Samples {
  const columns = Math.ceil(size.cssWidth / SAMPLE_SPACING_PX) + 1;
  const rows = Math.ceil(size.cssHeight / SAMPLE_SPACING_PX) + 1;
  const vTheta = new Float64Array(columns * rows);
  const vPsi = new Float64Array(columns * rows);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const [theta, psi] = view.toPlane(column * SAMPLE_SPACING_PX, row * SAMPLE_SPACING_PX);
      const v = field(method, theta, psi);
      vTheta[row * columns + column] = v[0];
      vPsi[row * columns + column] = v[1];
    }
  }
  return { columns, rows, vTheta, vPsi };
}
