// Writes the report: JSON (everything), Markdown (the tables) and the SVG plot, side by side.
import type { MapThroughput } from '../gpu/map-runs.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchReport } from './report.ts';
import { svgPlot } from './svg-plot.ts';
import {
  agreementTable,
  preamble,
  referenceTable,
  renderMarkdown,
  renderText,
  skippedLines,
  throughputTable,
} from './tables.ts';

export const DEFAULT_OUT_DIR = 'bench-results';
const BASENAME = 'benchmark';

export interface WrittenFiles {
  json: string;
  markdown: string;
  svg: string;
}

/** The report as the terminal shows it. */
export function textReport(report: BenchReport): string {
  const sections = [
    preamble(report).join('\n'),
    renderText(throughputTable(report)),
    'Tuned loop and GPU against the f64 reference, same starts, same steps:\n' +
      renderText(agreementTable(report)),
    `f64 reference loop (no extrapolation: only what ran):\n${renderText(referenceTable(report))}`,
  ];
  if (report.maps) sections.push(mapLine(report.maps));
  const skipped = skippedLines(report);
  if (skipped.length > 0) sections.push(`Skipped:\n${skipped.join('\n')}`);
  return `${sections.join('\n\n')}\n`;
}

export function markdownReport(report: BenchReport): string {
  const lines = [
    '# ganflow benchmark',
    '',
    ...preamble(report).map((line) => `- ${line}`),
    `- generated ${report.generated}`,
    '',
    `![particle-steps per second against particles](${BASENAME}.svg)`,
    '',
    '## Throughput',
    '',
    renderMarkdown(throughputTable(report)),
    '',
    ...(report.maps ? [mapLine(report.maps), ''] : []),
    '## Agreement with the f64 reference',
    '',
    renderMarkdown(agreementTable(report)),
    '',
    '## f64 reference loop',
    '',
    renderMarkdown(referenceTable(report)),
    '',
  ];
  const skipped = skippedLines(report);
  if (skipped.length > 0) lines.push('## Skipped', '', ...skipped.map((s) => `- ${s}`), '');
  return lines.join('\n');
}

export function writeReport(report: BenchReport, directory: string): WrittenFiles {
  mkdirSync(directory, { recursive: true });
  const files: WrittenFiles = {
    json: join(directory, `${BASENAME}.json`),
    markdown: join(directory, `${BASENAME}.md`),
    svg: join(directory, `${BASENAME}.svg`),
  };
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.markdown, markdownReport(report));
  writeFileSync(files.svg, svgPlot(report));
  return files;
}

/** One line on the basin map's throughput. */
export function mapLine(maps: MapThroughput): string {
  const rate = (maps.rate / 1e6).toFixed(1);
  return (
    `Basin map: ${maps.starts.toLocaleString('en-US')} starts x ${maps.steps} steps in ` +
    `${maps.seconds.toFixed(2)} s: ${rate} M starts x steps/s`
  );
}
