// A panel's spectrum on the complex plane: the eigenvalues of J against the imaginary axis for
// the flow integrators, or of the optimiser's update map against the unit circle, with the
// spectral radius and the critical learning rate.
import { FLOW_INTEGRATORS, type OptimizerName } from '../model/config.ts';
import { type Analysis, NEUTRAL_TOLERANCE } from '../reference/analysis.ts';
import { type Complex } from '../reference/types.ts';
import { formatNumber } from './analysis-panel.ts';

/** CSS size of the plot; the backing store follows the pixel ratio. */
export const SPECTRUM_CSS_WIDTH = 196;
export const SPECTRUM_CSS_HEIGHT = 132;
const PLOT_SIZE = 96;
const MARGIN = 6;
const TITLE_HEIGHT = 18;

const BACKGROUND = 'rgba(11, 12, 16, 0.82)';
const FRAME_COLOR = 'rgba(230, 233, 240, 0.35)';
const AXIS_COLOR = 'rgba(230, 233, 240, 0.45)';
const BOUNDARY_COLOR = '#f5c16c';
const STABLE_FILL = 'rgba(127, 209, 185, 0.12)';
const TEXT_COLOR = 'rgba(240, 242, 247, 0.95)';
const MUTED_COLOR = 'rgba(154, 161, 177, 1)';
const POINT_COLORS = { stable: '#7fd1b9', neutral: '#f5c16c', unstable: '#ff6b81' };
const FONT = 'system-ui, sans-serif';

export interface SpectrumData {
  /** 'jacobian': eigenvalues of J, stable left of the imaginary axis; 'update': of the update map, stable inside the unit circle. */
  kind: 'jacobian' | 'update';
  eigenvalues: Complex[];
  spectralRadius: number | null;
  criticalLearningRate: number | null;
}

/** What the plot shows for `analysis` under `optimizer`. */
export function spectrumData(analysis: Analysis, optimizer: OptimizerName): SpectrumData {
  const flow = FLOW_INTEGRATORS.includes(optimizer);
  return {
    kind: flow ? 'jacobian' : 'update',
    eigenvalues: (flow ? analysis.eigenvalues : analysis.updateEigenvalues) ?? [],
    spectralRadius: analysis.spectralRadius,
    criticalLearningRate: analysis.criticalLearningRate,
  };
}

function stability(kind: SpectrumData['kind'], [re, im]: Complex): keyof typeof POINT_COLORS {
  const margin = kind === 'jacobian' ? re : Math.hypot(re, im) - 1;
  if (Math.abs(margin) <= NEUTRAL_TOLERANCE) return 'neutral';
  return margin < 0 ? 'stable' : 'unstable';
}

export class SpectrumPlot {
  private readonly context: CanvasRenderingContext2D;
  data: SpectrumData | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2-D canvas context for the spectrum');
    this.context = context;
    canvas.style.width = `${SPECTRUM_CSS_WIDTH}px`;
    canvas.style.height = `${SPECTRUM_CSS_HEIGHT}px`;
  }

  draw(data: SpectrumData): void {
    this.data = data;
    this.canvas.dataset.value = JSON.stringify(data);
    const ratio = devicePixelRatio;
    this.canvas.width = Math.round(SPECTRUM_CSS_WIDTH * ratio);
    this.canvas.height = Math.round(SPECTRUM_CSS_HEIGHT * ratio);
    const ctx = this.context;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, SPECTRUM_CSS_WIDTH, SPECTRUM_CSS_HEIGHT);
    ctx.strokeStyle = FRAME_COLOR;
    ctx.strokeRect(0.5, 0.5, SPECTRUM_CSS_WIDTH - 1, SPECTRUM_CSS_HEIGHT - 1);

    ctx.font = `11px ${FONT}`;
    ctx.fillStyle = MUTED_COLOR;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(
      data.kind === 'jacobian' ? 'eigenvalues of J' : 'eigenvalues of the update map',
      MARGIN,
      4,
    );
    this.drawPlane(data);
    this.drawNumbers(data);
  }

  private drawPlane(data: SpectrumData): void {
    const ctx = this.context;
    const largest = Math.max(0, ...data.eigenvalues.map(([re, im]) => Math.hypot(re, im)));
    // The unit circle stays in sight for update maps; J's spectrum fills the plot.
    const extent =
      data.kind === 'update' ? Math.max(1.25, 1.15 * largest) : largest > 0 ? 1.3 * largest : 1;
    const left = MARGIN;
    const top = TITLE_HEIGHT;
    const scale = PLOT_SIZE / (2 * extent);
    const cx = left + PLOT_SIZE / 2;
    const cy = top + PLOT_SIZE / 2;

    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, PLOT_SIZE, PLOT_SIZE);
    ctx.clip();
    ctx.fillStyle = STABLE_FILL;
    ctx.beginPath();
    if (data.kind === 'update') ctx.arc(cx, cy, scale, 0, 2 * Math.PI);
    else ctx.rect(left, top, PLOT_SIZE / 2, PLOT_SIZE);
    ctx.fill();

    ctx.strokeStyle = AXIS_COLOR;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(left, cy);
    ctx.lineTo(left + PLOT_SIZE, cy);
    if (data.kind === 'update') {
      ctx.moveTo(cx, top);
      ctx.lineTo(cx, top + PLOT_SIZE);
    }
    ctx.stroke();

    // The stability boundary: the imaginary axis, or the unit circle.
    ctx.strokeStyle = BOUNDARY_COLOR;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    if (data.kind === 'update') {
      ctx.arc(cx, cy, scale, 0, 2 * Math.PI);
    } else {
      ctx.moveTo(cx, top);
      ctx.lineTo(cx, top + PLOT_SIZE);
    }
    ctx.stroke();

    for (const value of data.eigenvalues) {
      const [re, im] = value;
      ctx.fillStyle = POINT_COLORS[stability(data.kind, value)];
      ctx.beginPath();
      ctx.arc(cx + re * scale, cy - im * scale, 3.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.restore();

    ctx.strokeStyle = FRAME_COLOR;
    ctx.lineWidth = 1;
    ctx.strokeRect(left + 0.5, top + 0.5, PLOT_SIZE - 1, PLOT_SIZE - 1);
    ctx.fillStyle = MUTED_COLOR;
    ctx.font = `10px ${FONT}`;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText(`±${formatShort(extent)}`, left + PLOT_SIZE - 2, top + PLOT_SIZE + 2);
  }

  private drawNumbers(data: SpectrumData): void {
    const ctx = this.context;
    const x = MARGIN + PLOT_SIZE + 8;
    let y = TITLE_HEIGHT;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    const line = (label: string, value: string) => {
      ctx.font = `10px ${FONT}`;
      ctx.fillStyle = MUTED_COLOR;
      ctx.fillText(label, x, y);
      ctx.font = `12px ui-monospace, monospace`;
      ctx.fillStyle = TEXT_COLOR;
      ctx.fillText(value, x, y + 12);
      y += 30;
    };
    line('spectral radius', data.spectralRadius === null ? '—' : formatShort(data.spectralRadius));
    line(
      'critical lr',
      data.criticalLearningRate === null ? 'none' : formatShort(data.criticalLearningRate),
    );
  }
}

/** At most six significant digits. */
function formatShort(value: number): string {
  const text = formatNumber(value);
  return text.length > 8 ? value.toPrecision(4) : text;
}
