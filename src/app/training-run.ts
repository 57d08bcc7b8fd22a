// One highlighted training run from a clicked point: the f64 reference's trajectory over every
// panel (each under its own method), and the distributions of the clicked panel's run animating
// along it: data at 0, the generator's point mass at theta, the discriminator D(x) = psi x.
import { type Config, FLOW_INTEGRATORS, type Optimizer } from '../model/config.ts';
import { simulate } from '../reference/optimizers.ts';
import type { Vec2 } from '../reference/types.ts';
import { formatNumber } from './analysis-panel.ts';
import { type View } from './view.ts';

// One pass of the animation, then a pause on the last step before it starts over.
const RUN_SECONDS = 8;
const HOLD_SECONDS = 1.5;
// Flow integrators follow this much time; discrete optimisers take the paper's 500 steps.
const FLOW_TIME = 40;
const MAX_STEPS = 2000;
const DISCRETE_STEPS = 500;
// A run that goes this far has diverged: the rest is not drawn.
const ESCAPE_RADIUS = 1e6;
// Canvas coordinates are kept within this many CSS pixels of the origin.
const PIXEL_LIMIT = 1e5;

const PAST_COLOR = '#ffffff';
const FUTURE_COLOR = 'rgba(255, 255, 255, 0.35)';
const MARKER_COLOR = '#ff4d6d';
const DATA_COLOR = 'rgba(230, 233, 240, 0.9)';
const GENERATOR_COLOR = '#7fd1b9';
const DISCRIMINATOR_COLOR = '#f5c16c';
const FONT = '11px system-ui, sans-serif';

export const DISTRIBUTIONS_CSS_WIDTH = 300;
export const DISTRIBUTIONS_CSS_HEIGHT = 120;

/** Steps of a highlighted run under `optimizer`. */
export function runSteps(optimizer: Optimizer): number {
  if (!FLOW_INTEGRATORS.includes(optimizer.optimizer)) return DISCRETE_STEPS;
  return Math.min(MAX_STEPS, Math.max(1, Math.ceil(FLOW_TIME / optimizer.dt)));
}

/** The reference trajectory from `start`, cut before it stops being finite or escapes. */
export function trajectoryOf(config: Config, start: Vec2): Vec2[] {
  const points = simulate(config, start, runSteps(config.optimizer));
  const end = points.findIndex(([theta, psi]) => !(Math.hypot(theta, psi) <= ESCAPE_RADIUS));
  return end === -1 ? points : points.slice(0, Math.max(1, end));
}

export interface RunValue {
  start: Vec2;
  /** The panel whose distributions are shown. */
  panel: number;
  /** Points of each panel's trajectory, the start included. */
  lengths: number[];
  ends: Vec2[];
}

export class TrainingRun {
  value: RunValue | null = null;
  private trajectories: Vec2[][] = [];
  private startTime = 0;
  private readonly distributions: CanvasRenderingContext2D;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly caption: HTMLElement,
    private readonly readout: HTMLElement,
  ) {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2-D canvas context for the distributions');
    this.distributions = context;
    canvas.style.width = `${DISTRIBUTIONS_CSS_WIDTH}px`;
    canvas.style.height = `${DISTRIBUTIONS_CSS_HEIGHT}px`;
    this.clear();
  }

  get active(): boolean {
    return this.value !== null;
  }

  begin(start: Vec2, configs: Config[], panel: number, now: number): void {
    this.trajectories = configs.map((config) => trajectoryOf(config, start));
    this.startTime = now;
    this.value = {
      start,
      panel,
      lengths: this.trajectories.map((points) => points.length),
      ends: this.trajectories.map((points) => points[points.length - 1]!),
    };
    this.readout.dataset.value = JSON.stringify(this.value);
    this.canvas.hidden = false;
  }

  /** Recomputes the runs from the same start, as the panels' methods changed. */
  update(configs: Config[], now: number): void {
    if (this.value) this.begin(this.value.start, configs, this.value.panel, now);
  }

  clear(): void {
    this.value = null;
    this.trajectories = [];
    this.readout.dataset.value = 'null';
    this.caption.textContent = 'Click a panel to follow one training run from that point.';
    this.canvas.hidden = true;
  }

  /** Fraction of the run shown at time `now`. */
  private progress(now: number): number {
    const seconds = ((now - this.startTime) / 1000) % (RUN_SECONDS + HOLD_SECONDS);
    return Math.min(1, seconds / RUN_SECONDS);
  }

  private stepAt(points: Vec2[], now: number): number {
    return Math.round(this.progress(now) * (points.length - 1));
  }

  /** Draws panel `index`'s trajectory on its run layer (already cleared, in CSS pixels). */
  drawPath(ctx: CanvasRenderingContext2D, view: View, index: number, now: number): void {
    const points = this.trajectories[index];
    if (!points) return;
    const current = this.stepAt(points, now);
    const toCss = ([theta, psi]: Vec2): Vec2 => {
      const [x, y] = view.toCss(theta, psi);
      const clamp = (value: number) => Math.min(PIXEL_LIMIT, Math.max(-PIXEL_LIMIT, value));
      return [clamp(x), clamp(y)];
    };
    const polyline = (from: number, to: number, color: string, width: number) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.beginPath();
      for (let k = from; k <= to; k++) {
        const [x, y] = toCss(points[k]!);
        if (k === from) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.stroke();
    };
    ctx.lineJoin = 'round';
    polyline(current, points.length - 1, FUTURE_COLOR, 1.5);
    polyline(0, current, PAST_COLOR, 2.5);

    const [sx, sy] = toCss(points[0]!);
    ctx.strokeStyle = MARKER_COLOR;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(sx, sy, 5, 0, 2 * Math.PI);
    ctx.stroke();
    const [cx, cy] = toCss(points[current]!);
    ctx.fillStyle = MARKER_COLOR;
    ctx.beginPath();
    ctx.arc(cx, cy, 4.5, 0, 2 * Math.PI);
    ctx.fill();
  }

  /** The clicked panel's distributions at the current step. */
  drawDistributions(now: number): void {
    const value = this.value;
    const points = value && this.trajectories[value.panel];
    if (!value || !points) return;
    const step = this.stepAt(points, now);
    const [theta, psi] = points[step]!;
    this.caption.textContent =
      `Panel ${value.panel + 1}, step ${step} of ${points.length - 1}: ` +
      `θ = ${formatNumber(theta)}, ψ = ${formatNumber(psi)}`;

    const ratio = devicePixelRatio;
    const width = DISTRIBUTIONS_CSS_WIDTH;
    const height = DISTRIBUTIONS_CSS_HEIGHT;
    if (this.canvas.width !== Math.round(width * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
    }
    const ctx = this.distributions;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);

    // x spans every theta of the run; D's scale every psi x over that span.
    const xExtent = Math.max(1.5, 1.15 * Math.max(...points.map(([t]) => Math.abs(t))));
    const dExtent = Math.max(1, ...points.map(([, p]) => Math.abs(p) * xExtent));
    const left = 10;
    const right = width - 10;
    const baseline = height / 2 + 10;
    const halfHeight = height / 2 - 14;
    const toX = (x: number) => left + ((x + xExtent) / (2 * xExtent)) * (right - left);
    const toY = (d: number) => baseline - (d / dExtent) * halfHeight;

    ctx.strokeStyle = 'rgba(230, 233, 240, 0.4)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(left, baseline);
    ctx.lineTo(right, baseline);
    ctx.stroke();

    ctx.save();
    ctx.beginPath();
    ctx.rect(left, 0, right - left, height);
    ctx.clip();
    ctx.strokeStyle = DISCRIMINATOR_COLOR;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(toX(-xExtent), toY(-psi * xExtent));
    ctx.lineTo(toX(xExtent), toY(psi * xExtent));
    ctx.stroke();
    ctx.restore();

    const spike = (x: number, color: string, label: string) => {
      const px = toX(x);
      const top = baseline - 0.8 * halfHeight;
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(px, baseline);
      ctx.lineTo(px, top);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(px - 5, top + 6);
      ctx.lineTo(px, top - 2);
      ctx.lineTo(px + 5, top + 6);
      ctx.fill();
      ctx.font = FONT;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText(label, px, top - 3);
    };
    spike(0, DATA_COLOR, 'data');
    spike(theta, GENERATOR_COLOR, 'G (θ)');

    ctx.font = FONT;
    ctx.fillStyle = DISCRIMINATOR_COLOR;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText('D(x) = ψx', left, 2);
    ctx.fillStyle = 'rgba(154, 161, 177, 1)';
    ctx.textAlign = 'right';
    ctx.fillText(`x ∈ [−${formatNumber(xExtent)}, ${formatNumber(xExtent)}]`, right, 2);
  }
}
