// The benchmark page end to end in Debian's Chromium on SwiftShader, which offers
// timestamp-query: a quick sweep finishes with compute and render times from GPU timestamps,
// and the CPU-clock fallback gives the same table when asked for.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchPageReport } from '../../src/bench-page/report.ts';
import { type Harness, startHarness } from './harness.ts';

const QUICK_COUNTS = [16_384, 65_536];

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function finishedRun(path: string): Promise<{ page: Page; problems: string[] }> {
  const opened = await harness.newPage(path);
  await opened.page.waitForFunction(
    () =>
      ['done', 'failed', 'unsupported'].includes(document.getElementById('status')!.dataset.state!),
    null,
    { timeout: 60_000 },
  );
  return opened;
}

/** The median of every compute and render cell, by particle count. */
async function tableMedians(
  page: Page,
): Promise<Record<string, { compute: number; render: number }>> {
  return page.locator('#results tbody tr').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((row) => {
        const median = (column: string) =>
          Number(row.querySelector<HTMLElement>(`[data-column="${column}"]`)!.dataset.median);
        const particles = (row as HTMLElement).dataset.particles!;
        return [particles, { compute: median('compute'), render: median('render') }];
      }),
    ),
  );
}

async function expectCompleteTable(page: Page): Promise<BenchPageReport> {
  const headers = await page.locator('#results thead th').allTextContents();
  expect(headers).toEqual(
    expect.arrayContaining(['particles', 'compute ms', 'render ms', 'frame ms (CPU clock)']),
  );
  const medians = await tableMedians(page);
  expect(Object.keys(medians).map(Number)).toEqual(QUICK_COUNTS);
  for (const { compute, render } of Object.values(medians)) {
    expect(Number.isFinite(compute) && compute > 0).toBe(true);
    expect(Number.isFinite(render) && render > 0).toBe(true);
  }

  const report = JSON.parse((await page.locator('#json').textContent())!) as BenchPageReport;
  expect(report.results.map((result) => result.particles)).toEqual(QUICK_COUNTS);
  for (const result of report.results) {
    expect(result.frames + result.dropped).toBe(report.plan.maxFrames);
    // Both halves run inside the frame the CPU clock saw (encoding to onSubmittedWorkDone), so
    // the fastest of each together cannot exceed the slowest frame: this catches a wrong unit.
    expect(result.computeMs.min + result.renderMs.min).toBeLessThanOrEqual(result.frameMs.max);
  }
  // Three series (compute, render, frame), one point per count.
  expect(await page.locator('#plot svg polyline').count()).toBe(3);
  return report;
}

describe('bench.html in headless Chromium', () => {
  it('times a quick sweep with GPU timestamps', async () => {
    const { page, problems } = await finishedRun('/bench.html?quick=1');
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(await page.locator('#status').getAttribute('data-state')).toBe('done');
    expect(await page.locator('#method').getAttribute('data-method')).toBe('timestamps');
    const report = await expectCompleteTable(page);
    expect(report.timing.method).toBe('timestamps');
    // The pool of readback buffers is reused: far fewer buffers than timed frames.
    const frames = report.plan.counts.length * (report.plan.warmupFrames + report.plan.maxFrames);
    expect(report.timing.readbackBuffers).toBeGreaterThan(0);
    expect(report.timing.readbackBuffers).toBeLessThan(frames);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('falls back to the CPU clock when asked to', async () => {
    const { page, problems } = await finishedRun('/bench.html?quick=1&timing=cpu');
    expect(await page.locator('#status').getAttribute('data-state')).toBe('done');
    expect(await page.locator('#method').getAttribute('data-method')).toBe('cpu');
    expect(await page.locator('#method').textContent()).toContain('CPU clock');
    const report = await expectCompleteTable(page);
    expect(report.timing.readbackBuffers).toBeNull();
    expect(problems).toEqual([]);
    await page.close();
  });
});
