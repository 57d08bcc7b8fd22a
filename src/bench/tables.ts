// The report as tables: one row model, rendered as aligned plain text for the terminal and as
// Markdown for the results file.
import { benchCases } from './cases.ts';
import { count, ratio, si } from './format.ts';
import type { DispatchMode } from './gpu-timing.ts';
import { type BenchReport, type CaseKey, type GpuResult, speedup } from './report.ts';
import type { Summary } from './stats.ts';

export interface Table {
  headers: string[];
  /** 'r' right-aligns a column of numbers. */
  align: ('l' | 'r')[];
  rows: string[][];
}

const sameCase = (a: CaseKey, b: CaseKey) => a.kernel === b.kernel && a.field === b.field;

function spread(summary: Summary, unit = ''): string {
  return `${si(summary.median)}${unit} [${si(summary.min)}-${si(summary.max)}]`;
}

/** Every case at every size: GPU in both modes, the tuned CPU loop, and GPU/CPU. */
export function throughputTable(report: BenchReport): Table {
  const rows: string[][] = [];
  for (const benchCase of benchCases()) {
    for (const particles of report.plan.particleCounts) {
      const at = <T extends CaseKey & { particles: number }>(list: T[]) =>
        list.filter((r) => sameCase(r, benchCase) && r.particles === particles);
      const gpu = (mode: DispatchMode): GpuResult | undefined =>
        at(report.gpu).find((r) => r.mode === mode);
      const fused = gpu('fused');
      const perStep = gpu('per-step');
      const tuned = at(report.tuned)[0];
      const gpuCells = (result: GpuResult | undefined) =>
        result ? [spread(result.rate), si(result.bandwidth.median / 1e9).trim()] : ['-', '-'];
      const gain = (result: GpuResult | undefined) => {
        const value = result ? speedup(report, result) : null;
        return value === null ? '-' : ratio(value);
      };
      rows.push([
        benchCase.label,
        count(particles),
        fused ? String(fused.steps) : '-',
        ...gpuCells(fused),
        ...gpuCells(perStep),
        tuned ? spread(tuned.rate) : '-',
        tuned ? String(tuned.steps) : '-',
        gain(fused),
        gain(perStep),
      ]);
    }
  }
  return {
    headers: [
      'case',
      'particles',
      'steps',
      'GPU fused /s',
      'GB/s',
      'GPU 1 step/dispatch /s',
      'GB/s',
      'CPU tuned /s',
      'CPU steps',
      'GPU/CPU fused',
      'GPU/CPU 1 step',
    ],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows,
  };
}

/** The f64 reference, stepped particle by particle, where it ran. */
export function referenceTable(report: BenchReport): Table {
  const rows = report.reference.map((r) => {
    const tuned = report.tuned.find((t) => sameCase(t, r) && t.particles === r.particles);
    return [
      r.label,
      count(r.particles),
      String(r.steps),
      String(r.seconds.length),
      spread(r.rate),
      tuned ? ratio(tuned.rate.median / r.rate.median) : '-',
    ];
  });
  return {
    headers: ['case', 'particles', 'steps', 'repetitions', 'f64 reference /s', 'tuned/f64'],
    align: ['l', 'r', 'r', 'r', 'r', 'r'],
    rows,
  };
}

/** How far the tuned loop and the GPU end from the f64 reference after the same steps. */
export function agreementTable(report: BenchReport): Table {
  return {
    headers: ['case', 'particles', 'steps', 'max |tuned - f64|', 'max |GPU - f64|'],
    align: ['l', 'r', 'r', 'r', 'r'],
    rows: report.agreement.map((a) => [
      a.label,
      count(a.particles),
      String(a.steps),
      a.tunedVsReference.toExponential(2),
      a.gpuVsReference.toExponential(2),
    ]),
  };
}

export function renderText(table: Table): string {
  const widths = table.headers.map((header, column) =>
    Math.max(header.length, ...table.rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        table.align[column] === 'r' ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(table.headers), rule, ...table.rows.map(line)].join('\n');
}

export function renderMarkdown(table: Table): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  const rule = `|${table.align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`;
  return [line(table.headers), rule, ...table.rows.map(line)].join('\n');
}

/** Adapter, machine and what the figures mean, in a few lines. */
export function preamble(report: BenchReport): string[] {
  const { adapter, machine, bytesPerParticle: bytes } = report;
  const kind = adapter.software ? 'software adapter' : 'hardware adapter';
  return [
    `adapter: ${adapter.description || adapter.device} (${adapter.vendor}, ${adapter.architecture}; ${kind})`,
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.os}, node ${machine.node}, ` +
      `load ${machine.loadAverage.toFixed(2)} at start`,
    'figures: particle-steps per second, median [min-max] over the repetitions; GB/s: ' +
      `${bytes.total} bytes per particle and dispatch (${bytes.read} read + ${bytes.written} ` +
      'written) over the median time',
  ];
}

export function skippedLines(report: BenchReport): string[] {
  return report.skipped.map(
    (s) => `${s.label} at ${count(s.particles)} particles, ${s.what}: ${s.reason}`,
  );
}
