// Milliseconds per frame against particles, both on log scales, as an SVG string written by hand:
// median compute, render and whole frame, with a bar from the fastest to the slowest frame, and
// the interactive limit of the adaptive particle count as a dotted line.
import { TARGET_FRAME_MS } from '../app/particle-budget.ts';
import { binary } from '../bench/format.ts';
import { type Summary } from '../bench/stats.ts';
import { type CountResult } from './sweep.ts';

const WIDTH = 760;
const HEIGHT = 420;
const MARGIN = { left: 64, right: 200, top: 20, bottom: 48 };
// Okabe-Ito colours, readable on the page's dark background.
const SERIES: { key: 'computeMs' | 'renderMs' | 'frameMs'; name: string; colour: string }[] = [
  { key: 'computeMs', name: 'compute (integration)', colour: '#56B4E9' },
  { key: 'renderMs', name: 'render (trails, present)', colour: '#E69F00' },
  { key: 'frameMs', name: 'frame, CPU clock', colour: '#CC79A7' },
];
const FRAME_DASH = '6 4';

function msLabel(ms: number): string {
  if (ms >= 1000) return `${ms / 1000} s`;
  return ms >= 1 ? `${ms} ms` : `${ms.toPrecision(1)} ms`;
}

export function plotSvg(results: readonly CountResult[]): string {
  if (results.length === 0) return '';
  const counts = results.map((result) => result.particles);
  const summaries: Summary[] = results.flatMap((result) => SERIES.map((s) => result[s.key]));
  const xMin = Math.log2(Math.min(...counts)) - 0.5;
  const xMax = Math.log2(Math.max(...counts)) + 0.5;
  const yMin = Math.floor(Math.log10(Math.min(...summaries.map((s) => s.min))));
  const yMax = Math.max(
    yMin + 1,
    Math.ceil(Math.log10(Math.max(TARGET_FRAME_MS, ...summaries.map((s) => s.max)))),
  );
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (particles: number) =>
    (MARGIN.left + ((Math.log2(particles) - xMin) / (xMax - xMin)) * plotWidth).toFixed(1);
  const y = (ms: number) =>
    (MARGIN.top + (1 - (Math.log10(ms) - yMin) / (yMax - yMin)) * plotHeight).toFixed(1);
  const right = MARGIN.left + plotWidth;
  const bottom = MARGIN.top + plotHeight;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" ` +
      `width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12" ` +
      'fill="currentColor" role="img" aria-label="milliseconds per frame against particles">',
  ];
  for (let exponent = yMin; exponent <= yMax; exponent++) {
    const py = y(10 ** exponent);
    parts.push(
      `<line x1="${MARGIN.left}" y1="${py}" x2="${right}" y2="${py}" stroke="#333a48"/>`,
      `<text x="${MARGIN.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">` +
        `${msLabel(10 ** exponent)}</text>`,
    );
  }
  for (const particles of counts) {
    parts.push(
      `<text x="${x(particles)}" y="${bottom + 18}" text-anchor="middle">${binary(particles)}</text>`,
    );
  }
  const target = y(TARGET_FRAME_MS);
  parts.push(
    `<line x1="${MARGIN.left}" y1="${target}" x2="${right}" y2="${target}" stroke="#9aa1b1" ` +
      'stroke-dasharray="2 3"/>',
    `<text x="${right + 8}" y="${target}" dominant-baseline="middle">` +
      `${TARGET_FRAME_MS} ms: ${1000 / TARGET_FRAME_MS} frames/s</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" ` +
      'fill="none" stroke="#9aa1b1"/>',
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 8}" text-anchor="middle">` +
      'particles (log scale)</text>',
    `<text transform="translate(14 ${MARGIN.top + plotHeight / 2}) rotate(-90)" ` +
      'text-anchor="middle">time (log scale)</text>',
  );

  SERIES.forEach((series, index) => {
    const dash = series.key === 'frameMs' ? ` stroke-dasharray="${FRAME_DASH}"` : '';
    const points = results.map(
      (result) => `${x(result.particles)},${y(result[series.key].median)}`,
    );
    parts.push(
      `<polyline points="${points.join(' ')}" fill="none" stroke="${series.colour}" ` +
        `stroke-width="2"${dash}/>`,
    );
    for (const result of results) {
      const summary = result[series.key];
      const px = x(result.particles);
      parts.push(
        `<line x1="${px}" y1="${y(summary.min)}" x2="${px}" y2="${y(summary.max)}" ` +
          `stroke="${series.colour}" stroke-width="1"/>`,
        `<circle cx="${px}" cy="${y(summary.median)}" r="3" fill="${series.colour}"/>`,
      );
    }
    const legendY = MARGIN.top + 10 + 20 * index;
    parts.push(
      `<line x1="${right + 8}" y1="${legendY}" x2="${right + 32}" y2="${legendY}" ` +
        `stroke="${series.colour}" stroke-width="2"${dash}/>`,
      `<text x="${right + 38}" y="${legendY}" dominant-baseline="middle">${series.name}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
