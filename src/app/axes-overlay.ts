// Axes, ticks, labels and the equilibrium marker, drawn on a 2-D canvas laid over the WebGPU one.
import { type CanvasSize } from './canvas-size.ts';
import { type View } from './view.ts';

// Aim for a tick about every this many CSS pixels.
const TICK_SPACING_PX = 90;
const TICK_LENGTH_PX = 5;
const FONT_FAMILY = 'system-ui, sans-serif';
const AXIS_COLOR = 'rgba(230, 233, 240, 0.75)';
const GRID_COLOR = 'rgba(230, 233, 240, 0.08)';
const LABEL_COLOR = 'rgba(240, 242, 247, 0.95)';
const MARKER_COLOR = '#ff4d6d';

/** The smallest of 1, 2 and 5 times a power of ten that is at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const multiple of [1, 2, 5, 10]) {
    if (multiple * power >= rough) return multiple * power;
  }
  return 10 * power;
}

/** Multiples of `step` in [min, max]. */
function ticks(min: number, max: number, step: number): number[] {
  const values: number[] = [];
  for (let k = Math.ceil(min / step); k * step <= max; k++) values.push(k * step);
  return values;
}

function tickLabel(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const text = value.toFixed(decimals);
  return Number(text) === 0 ? '0' : text;
}

export class AxesOverlay {
  private readonly context: CanvasRenderingContext2D;
  private size: CanvasSize | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2-D canvas context for the axes');
    this.context = context;
  }

  resize(size: CanvasSize): void {
    this.size = size;
    this.canvas.width = size.pixelWidth;
    this.canvas.height = size.pixelHeight;
  }

  draw(view: View, equilibrium: [number, number] | null): void {
    if (!this.size) return;
    const ctx = this.context;
    const { cssWidth, cssHeight, pixelWidth, pixelHeight } = this.size;
    ctx.setTransform(pixelWidth / cssWidth, 0, 0, pixelHeight / cssHeight, 0, 0);
    ctx.clearRect(0, 0, cssWidth, cssHeight);
    ctx.font = `12px ${FONT_FAMILY}`;
    ctx.lineWidth = 1;

    const step = niceStep(TICK_SPACING_PX * view.unitsPerPixel);
    const box = view.visibleBox();
    const thetaTicks = ticks(box.thetaMin, box.thetaMax, step).map((theta) => ({
      value: theta,
      x: Math.round(view.toCss(theta, 0)[0]) + 0.5,
    }));
    const psiTicks = ticks(box.psiMin, box.psiMax, step).map((psi) => ({
      value: psi,
      y: Math.round(view.toCss(0, psi)[1]) + 0.5,
    }));
    // Axes through the origin, held at the edges when the origin is out of sight.
    const [originX, originY] = view.toCss(0, 0);
    const axisY = Math.round(Math.min(Math.max(originY, 0), cssHeight - 1)) + 0.5;
    const axisX = Math.round(Math.min(Math.max(originX, 0), cssWidth - 1)) + 0.5;

    ctx.strokeStyle = GRID_COLOR;
    ctx.beginPath();
    for (const { x } of thetaTicks) {
      ctx.moveTo(x, 0);
      ctx.lineTo(x, cssHeight);
    }
    for (const { y } of psiTicks) {
      ctx.moveTo(0, y);
      ctx.lineTo(cssWidth, y);
    }
    ctx.stroke();

    ctx.strokeStyle = AXIS_COLOR;
    ctx.beginPath();
    ctx.moveTo(0, axisY);
    ctx.lineTo(cssWidth, axisY);
    ctx.moveTo(axisX, 0);
    ctx.lineTo(axisX, cssHeight);
    for (const { x } of thetaTicks) {
      ctx.moveTo(x, axisY - TICK_LENGTH_PX);
      ctx.lineTo(x, axisY + TICK_LENGTH_PX);
    }
    for (const { y } of psiTicks) {
      ctx.moveTo(axisX - TICK_LENGTH_PX, y);
      ctx.lineTo(axisX + TICK_LENGTH_PX, y);
    }
    ctx.stroke();

    ctx.fillStyle = LABEL_COLOR;
    ctx.shadowColor = 'rgba(0, 0, 0, 0.9)';
    ctx.shadowBlur = 3;
    // Labels sit on the inner side of an axis pinned to the bottom or right edge.
    const below = axisY < cssHeight - 24;
    const right = axisX < cssWidth - 48;
    ctx.textAlign = 'center';
    ctx.textBaseline = below ? 'top' : 'bottom';
    for (const { value, x } of thetaTicks) {
      if (Math.abs(value) > step / 2)
        ctx.fillText(tickLabel(value, step), x, axisY + (below ? 8 : -8));
    }
    ctx.textAlign = right ? 'left' : 'right';
    ctx.textBaseline = 'middle';
    for (const { value, y } of psiTicks) {
      if (Math.abs(value) > step / 2)
        ctx.fillText(tickLabel(value, step), axisX + (right ? 8 : -8), y);
    }

    ctx.font = `italic 15px ${FONT_FAMILY}`;
    ctx.textAlign = 'right';
    ctx.textBaseline = below ? 'bottom' : 'top';
    ctx.fillText('θ (theta)', cssWidth - 8, axisY + (below ? -6 : 6));
    ctx.textAlign = right ? 'left' : 'right';
    ctx.textBaseline = 'top';
    ctx.fillText('ψ (psi)', axisX + (right ? 8 : -8), 8);

    if (equilibrium) this.drawEquilibrium(view, equilibrium);
    ctx.shadowBlur = 0;
  }

  private drawEquilibrium(view: View, [theta, psi]: [number, number]): void {
    const ctx = this.context;
    const [x, y] = view.toCss(theta, psi);
    ctx.strokeStyle = MARKER_COLOR;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(x, y, 6, 0, 2 * Math.PI);
    ctx.moveTo(x - 10, y);
    ctx.lineTo(x + 10, y);
    ctx.moveTo(x, y - 10);
    ctx.lineTo(x, y + 10);
    ctx.stroke();
    ctx.font = `12px ${FONT_FAMILY}`;
    ctx.fillStyle = MARKER_COLOR;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText('equilibrium', x + 9, y - 7);
  }
}
