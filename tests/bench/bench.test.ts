// The benchmark end to end on the real adapter (Dawn), in a tiny configuration: the report's
// numbers are positive and finite and consistent with each other, and the JSON, Markdown and
// SVG files are well-formed. No timing is asserted: speeds depend on the machine.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchCases } from '../../src/bench/cases.ts';
import { adapterSummary } from '../../src/bench/environment.ts';
import { BYTES_PER_PARTICLE } from '../../src/bench/gpu-timing.ts';
import { type WrittenFiles, textReport, writeReport } from '../../src/bench/output.ts';
import { silentProgress } from '../../src/bench/progress.ts';
import type { BenchReport } from '../../src/bench/report.ts';
import { runBenchmark } from '../../src/bench/run.ts';
import { makePlan } from '../../src/bench/schedule.ts';
import type { Summary } from '../../src/bench/stats.ts';
import { maxParticles } from '../../src/gpu/limits.ts';
import { createNodeDevice, loadShaderLibrary } from '../../src/node/webgpu.ts';

const PARTICLES = 4_096;
const STEPS = 4;

let device: GPUDevice;
let report: BenchReport;
let files: WrittenFiles;
let directory: string;

beforeAll(async () => {
  const created = await createNodeDevice();
  device = created.device;
  const plan = makePlan({ quick: true, max: PARTICLES, steps: STEPS }, maxParticles(device.limits));
  report = await runBenchmark(
    { device, shaders: loadShaderLibrary(), adapter: adapterSummary(created.adapterInfo) },
    plan,
    silentProgress,
  );
  directory = mkdtempSync(join(tmpdir(), 'ganflow-bench-'));
  files = writeReport(report, directory);
});

afterAll(() => {
  device?.destroy();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

function expectPositiveSummary(summary: Summary) {
  for (const value of [summary.median, summary.min, summary.max]) {
    expect(Number.isFinite(value) && value > 0).toBe(true);
  }
  expect(summary.min).toBeLessThanOrEqual(summary.median);
  expect(summary.median).toBeLessThanOrEqual(summary.max);
}

describe('benchmark report', () => {
  const cases = benchCases().length;

  it('ran every case in both GPU modes, the tuned loop and the reference, skipping nothing', () => {
    expect(report.plan.particleCounts).toEqual([PARTICLES]);
    expect(report.gpu).toHaveLength(2 * cases);
    expect(report.tuned).toHaveLength(cases);
    expect(report.reference).toHaveLength(cases);
    expect(report.agreement).toHaveLength(cases);
    expect(report.skipped).toEqual([]);
  });

  it('has positive, finite rates from at least 3 timed repetitions', () => {
    for (const result of [...report.gpu, ...report.tuned, ...report.reference]) {
      expect(result.particles).toBe(PARTICLES);
      expect(result.steps).toBe(STEPS);
      expect(result.seconds.length).toBeGreaterThanOrEqual(3);
      expect(result.seconds.every((s) => Number.isFinite(s) && s > 0)).toBe(true);
      expectPositiveSummary(result.rate);
    }
  });

  it('derives bandwidth from the rate by the bytes per particle and dispatch', () => {
    for (const result of report.gpu) {
      expect(result.dispatches).toBe(result.mode === 'fused' ? 1 : STEPS);
      expectPositiveSummary(result.bandwidth);
      // bandwidth / rate = bytes x dispatches / steps exactly; 1e-12 is float rounding.
      const expected = (result.rate.median * BYTES_PER_PARTICLE * result.dispatches) / STEPS;
      expect(Math.abs(result.bandwidth.median / expected - 1)).toBeLessThan(1e-12);
    }
  });

  it('finds the tuned loop and the GPU close to the f64 reference', () => {
    for (const agreement of report.agreement) {
      // The tuned loop computes in f64 and rounds to f32 only at the start and the end:
      // values below 8 in magnitude round by at most 2^-21, about 5e-7.
      expect(agreement.tunedVsReference).toBeLessThan(1e-6);
      // The GPU computes in f32: 20 steps of rounding near 1e-7 each, with room to spare.
      expect(agreement.gpuVsReference).toBeLessThan(1e-4);
    }
  });

  it('records the machine and the adapter', () => {
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
    expect(typeof report.adapter.software).toBe('boolean');
  });
});

describe('benchmark files', () => {
  it('writes JSON that reads back as the report', () => {
    const json = JSON.parse(readFileSync(files.json, 'utf8'));
    expect(json).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('writes Markdown tables whose rows all have the header cell count', () => {
    const markdown = readFileSync(files.markdown, 'utf8');
    const tables = markdown.split(/\n\n+/).filter((block) => block.startsWith('|'));
    expect(tables).toHaveLength(3);
    for (const table of tables) {
      const rows = table.trim().split('\n');
      const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
      expect(rows[1]).toMatch(/^\|(-{3}:?\|)+$/);
      expect(rows.length).toBeGreaterThan(2);
      for (const row of rows) expect(cells(row)).toBe(cells(rows[0]));
    }
    for (const { label } of benchCases()) expect(markdown).toContain(`| ${label} |`);
  });

  it('writes a well-formed SVG with a line per case and path and no non-finite coordinate', () => {
    const svg = readFileSync(files.svg, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expectWellFormed(svg);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    // Three lines per case: GPU fused, GPU one step per dispatch, CPU tuned loop.
    expect(svg.match(/<polyline /g)).toHaveLength(3 * benchCases().length);
  });

  it('prints every case in the terminal report', () => {
    const text = textReport(report);
    for (const { label } of benchCases()) expect(text).toContain(label);
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
  });
});

/** Tags nest and close, attributes are quoted, text holds no stray '<' or bare '&'. */
function expectWellFormed(xml: string) {
  const open: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const match of xml.matchAll(token)) {
    const [, closing, name, , selfClosing, text, stray] = match;
    expect(stray).toBeUndefined();
    if (text !== undefined) {
      expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    } else if (closing) {
      expect(open.pop()).toBe(name);
    } else if (!selfClosing) {
      open.push(name);
    }
  }
  expect(open).toEqual([]);
}
