// The f64 reference's verdict on the current settings, beside the canvas: J at the equilibrium,
// its eigenvalues, the update map of a discrete optimiser, and one line of verdict.
import { type Config } from '../model/config.ts';
import { type Analysis, analyze } from '../reference/analysis.ts';
import { type Complex } from '../reference/types.ts';

/**
 * Four decimals; exponent form for magnitudes a fixed format would make unreadable; 'overflow'
 * beyond double precision (a spectral radius that overflowed).
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return String(value);
  if (!Number.isFinite(value)) return value > 0 ? 'overflow' : '-overflow';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || (magnitude > 0 && magnitude < 1e-4)) return value.toExponential(3);
  const text = value.toFixed(4);
  return Number(text) === 0 ? '0.0000' : text;
}

// Imaginary parts below the fourth decimal are rounding noise (a double eigenvalue comes out
// of the solver with an imaginary part near 1e-8): such eigenvalues are shown as real.
const IMAGINARY_DISPLAY_FLOOR = 5e-5;

export function formatComplex([re, im]: Complex): string {
  if (Math.abs(im) < IMAGINARY_DISPLAY_FLOOR) return formatNumber(re);
  const sign = im < 0 ? '-' : '+';
  return `${formatNumber(re)} ${sign} ${formatNumber(Math.abs(im))}i`;
}

function matrixTable(rows: number[][]): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'matrix';
  for (const row of rows) {
    const tr = table.insertRow();
    for (const entry of row) tr.insertCell().textContent = formatNumber(entry);
  }
  return table;
}

function valueList(values: Complex[]): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'values';
  for (const value of values) {
    const item = document.createElement('li');
    item.textContent = formatComplex(value);
    list.append(item);
  }
  return list;
}

export class AnalysisPanel {
  private latest: Analysis | null = null;

  constructor(private readonly root: HTMLElement) {}

  get analysis(): Analysis | null {
    return this.latest;
  }

  update(config: Config): Analysis {
    const analysis = analyze(config);
    this.latest = analysis;
    // Every optimiser but the RK4 flow is a discrete map with an update Jacobian.
    const discrete = config.optimizer.optimizer !== 'flow';

    this.fill('point', `(θ, ψ) = (${analysis.point.map(formatNumber).join(', ')})`);
    this.fill(
      'jacobian',
      analysis.jacobian ? matrixTable(analysis.jacobian) : 'does not exist here',
      analysis.jacobian,
    );
    this.fill(
      'eigenvalues',
      analysis.eigenvalues ? valueList(analysis.eigenvalues) : '—',
      analysis.eigenvalues,
    );

    const updateSection = this.element('update-map');
    updateSection.hidden = !discrete;
    const radius = analysis.spectralRadius;
    const overflow = radius === Infinity;
    this.fill(
      'update-eigenvalues',
      analysis.updateEigenvalues
        ? valueList(analysis.updateEigenvalues)
        : overflow
          ? 'overflow'
          : '—',
      analysis.updateEigenvalues,
    );
    this.fill(
      'spectral-radius',
      radius === null ? '—' : formatNumber(radius),
      overflow ? 'overflow' : radius,
    );
    this.fill(
      'critical-learning-rate',
      analysis.criticalLearningRate === null
        ? 'none: no step size converges'
        : formatNumber(analysis.criticalLearningRate),
      analysis.criticalLearningRate,
    );

    const verdict = this.element('verdict');
    verdict.textContent = analysis.verdictText;
    verdict.dataset.verdict = analysis.verdict;
    return analysis;
  }

  /** Shows `content` in the element with this id; `value`, if given, is kept as JSON for tests. */
  private fill(id: string, content: string | HTMLElement, value?: unknown): void {
    const element = this.element(id);
    element.replaceChildren(content);
    if (value !== undefined) element.dataset.value = JSON.stringify(value);
  }

  private element(id: string): HTMLElement {
    const element = this.root.querySelector<HTMLElement>(`#${id}`);
    if (!element) throw new Error(`analysis panel: #${id} is missing from the page`);
    return element;
  }
}
