// Particle-steps/s against particle count on log-log axes, as a self-contained SVG written by
// hand: one colour per case, solid for fused GPU dispatches, dashed for one step per dispatch,
// dotted for the tuned CPU loop.
import { benchCases } from './cases.ts';
import { binary, si } from './format.ts';
import type { BenchReport, CaseKey } from './report.ts';

const WIDTH = 960;
const HEIGHT = 560;
const MARGIN = { left: 78, right: 290, top: 48, bottom: 56 };
// Okabe-Ito colours: distinct for the common kinds of colour blindness.
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
const STYLES = [
  { name: 'GPU, fused steps', dash: '' },
  { name: 'GPU, 1 step per dispatch', dash: '7 4' },
  { name: 'CPU, tuned JS loop', dash: '2 3' },
];

interface Series {
  colour: string;
  dash: string;
  points: [number, number][];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function svgPlot(report: BenchReport): string {
  const series: Series[] = [];
  benchCases().forEach((benchCase, index) => {
    const mine = <T extends CaseKey>(list: T[]) =>
      list.filter((r) => r.kernel === benchCase.kernel && r.field === benchCase.field);
    const colour = COLOURS[index % COLOURS.length];
    const fromGpu = (mode: string) =>
      mine(report.gpu)
        .filter((r) => r.mode === mode)
        .map((r): [number, number] => [r.particles, r.rate.median]);
    series.push(
      { colour, dash: STYLES[0].dash, points: fromGpu('fused') },
      { colour, dash: STYLES[1].dash, points: fromGpu('per-step') },
      {
        colour,
        dash: STYLES[2].dash,
        points: mine(report.tuned).map((r): [number, number] => [r.particles, r.rate.median]),
      },
    );
  });

  // Axes: powers of 4 in particles, whole decades in rate, padded to the data.
  const counts = report.plan.particleCounts;
  const xMin = Math.log2(Math.min(...counts)) - 0.5;
  const xMax = Math.log2(Math.max(...counts)) + 0.5;
  const values = series.flatMap((s) => s.points.map((p) => p[1]));
  const yMin = Math.floor(Math.log10(values.length > 0 ? Math.min(...values) : 1));
  const yMax = Math.max(
    yMin + 1,
    Math.ceil(Math.log10(values.length > 0 ? Math.max(...values) : 10)),
  );
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (particles: number) =>
    MARGIN.left + ((Math.log2(particles) - xMin) / (xMax - xMin)) * plotWidth;
  const y = (rate: number) =>
    MARGIN.top + (1 - (Math.log10(rate) - yMin) / (yMax - yMin)) * plotHeight;
  const fixed = (value: number) => value.toFixed(1);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" ` +
      `viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="15">` +
      `${escapeXml(`ganflow benchmark: ${report.adapter.description || report.adapter.device}`)}</text>`,
  ];

  for (let exponent = yMin; exponent <= yMax; exponent++) {
    const py = fixed(y(10 ** exponent));
    parts.push(
      `<line x1="${MARGIN.left}" y1="${py}" x2="${MARGIN.left + plotWidth}" y2="${py}" stroke="#dddddd"/>`,
      `<text x="${MARGIN.left - 8}" y="${py}" text-anchor="end" dominant-baseline="middle">` +
        `${si(10 ** exponent)
          .replace(/\.0+(?= )/, '')
          .replace(' ', '')}</text>`,
    );
  }
  for (let exponent = Math.ceil(xMin); exponent <= xMax; exponent += 2) {
    const px = fixed(x(2 ** exponent));
    parts.push(
      `<line x1="${px}" y1="${MARGIN.top}" x2="${px}" y2="${MARGIN.top + plotHeight}" stroke="#eeeeee"/>`,
      `<text x="${px}" y="${MARGIN.top + plotHeight + 18}" text-anchor="middle">${binary(2 ** exponent)}</text>`,
    );
  }
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" ` +
      'fill="none" stroke="#444444"/>',
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 14}" text-anchor="middle">` +
      'particles (log scale)</text>',
    `<text transform="translate(18 ${MARGIN.top + plotHeight / 2}) rotate(-90)" ` +
      'text-anchor="middle">particle-steps per second (log scale)</text>',
  );

  for (const s of series) {
    if (s.points.length === 0) continue;
    const path = s.points.map(([px, py]) => `${fixed(x(px))},${fixed(y(py))}`).join(' ');
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    parts.push(
      `<polyline points="${path}" fill="none" stroke="${s.colour}" stroke-width="2"${dash}/>`,
      ...s.points.map(
        ([px, py]) =>
          `<circle cx="${fixed(x(px))}" cy="${fixed(y(py))}" r="3" fill="${s.colour}"/>`,
      ),
    );
  }

  // Legend: colours name the cases, line styles the paths.
  const legendX = MARGIN.left + plotWidth + 24;
  let legendY = MARGIN.top + 8;
  benchCases().forEach((benchCase, index) => {
    const colour = COLOURS[index % COLOURS.length];
    parts.push(
      `<line x1="${legendX}" y1="${legendY}" x2="${legendX + 28}" y2="${legendY}" ` +
        `stroke="${colour}" stroke-width="3"/>`,
      `<text x="${legendX + 36}" y="${legendY}" dominant-baseline="middle">` +
        `${escapeXml(benchCase.label)}</text>`,
    );
    legendY += 22;
  });
  legendY += 12;
  for (const style of STYLES) {
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    parts.push(
      `<line x1="${legendX}" y1="${legendY}" x2="${legendX + 28}" y2="${legendY}" ` +
        `stroke="#333333" stroke-width="2"${dash}/>`,
      `<text x="${legendX + 36}" y="${legendY}" dominant-baseline="middle">` +
        `${escapeXml(style.name)}</text>`,
    );
    legendY += 22;
  }
  parts.push('</svg>', '');
  return parts.join('\n');
}
