// The results as a table: per particle count, median [min-max] milliseconds of compute, render
// and the whole frame. Each figure cell carries its median in data-median for tests.
import { type Summary } from '../bench/stats.ts';
import { type CountResult } from './sweep.ts';

const COLUMNS: { key: 'computeMs' | 'renderMs' | 'frameMs'; name: string; title: string }[] = [
  { key: 'computeMs', name: 'compute', title: 'compute ms' },
  { key: 'renderMs', name: 'render', title: 'render ms' },
  { key: 'frameMs', name: 'frame', title: 'frame ms (CPU clock)' },
];

/** Three significant digits, whole milliseconds from 100 on. */
export function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toPrecision(3);
}

function cell(row: HTMLTableRowElement, text: string): HTMLTableCellElement {
  const element = row.insertCell();
  element.textContent = text;
  return element;
}

function figure(row: HTMLTableRowElement, column: string, summary: Summary): void {
  const element = cell(
    row,
    `${formatMs(summary.median)} [${formatMs(summary.min)}-${formatMs(summary.max)}]`,
  );
  element.dataset.column = column;
  element.dataset.median = String(summary.median);
}

export function fillTable(table: HTMLTableElement, results: readonly CountResult[]): void {
  table.replaceChildren();
  const header = table.createTHead().insertRow();
  for (const title of ['particles', ...COLUMNS.map((column) => column.title), 'frames']) {
    const th = document.createElement('th');
    th.textContent = title;
    th.scope = 'col';
    header.append(th);
  }
  const body = table.createTBody();
  for (const result of results) {
    const row = body.insertRow();
    row.dataset.particles = String(result.particles);
    cell(row, result.particles.toLocaleString('en-US'));
    for (const column of COLUMNS) figure(row, column.name, result[column.key]);
    cell(
      row,
      result.dropped > 0 ? `${result.frames} (${result.dropped} dropped)` : `${result.frames}`,
    );
  }
}
