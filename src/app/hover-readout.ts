// The linearisation under the cursor: the reference's field, Jacobian and eigenvalues at the
// (theta, psi) the pointer is over, for the method of the panel it is in.
import { type Config } from '../model/config.ts';
import { analyze } from '../reference/analysis.ts';
import type { Complex, Mat2, Vec2 } from '../reference/types.ts';
import { formatComplex, formatNumber } from './analysis-panel.ts';

export interface HoverValue {
  /** Panel index, from 0. */
  panel: number;
  point: Vec2;
  field: Vec2;
  jacobian: Mat2 | null;
  eigenvalues: Complex[] | null;
}

export class HoverReadout {
  value: HoverValue | null = null;

  constructor(private readonly element: HTMLElement) {
    this.clear();
  }

  show(panel: number, config: Config, point: Vec2): void {
    const analysis = analyze(config, point);
    this.value = {
      panel,
      point,
      field: analysis.field,
      jacobian: analysis.jacobian,
      eigenvalues: analysis.eigenvalues,
    };
    this.element.dataset.value = JSON.stringify(this.value);

    const rows: [string, string][] = [
      ['panel', String(panel + 1)],
      ['(θ, ψ)', `(${point.map(formatNumber).join(', ')})`],
      ['v', `(${analysis.field.map(formatNumber).join(', ')})`],
      [
        'J',
        analysis.jacobian
          ? analysis.jacobian.map((row) => `[${row.map(formatNumber).join(', ')}]`).join(' ')
          : 'does not exist here',
      ],
      ['eigenvalues', analysis.eigenvalues?.map(formatComplex).join(', ') ?? '—'],
    ];
    const list = document.createElement('dl');
    for (const [term, description] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = description;
      list.append(dt, dd);
    }
    this.element.replaceChildren(list);
  }

  clear(): void {
    this.value = null;
    this.element.dataset.value = 'null';
    this.element.textContent = 'Move the pointer over a panel.';
  }
}
