// The map views of the app in Chromium on SwiftShader: the stability diagram replaces the
// panels, fills in with a progress bar, and a click on it sets the selected panel's learning
// rate and MSE weight; the basin map computes for the panel's window.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let problems: string[];

async function waitForMap(kind: string) {
  await page.waitForFunction(
    (text) => document.querySelector('[data-testid=map-status]')?.textContent?.includes(text),
    `${kind} map`,
    { timeout: 90_000 },
  );
}

beforeAll(async () => {
  harness = await startHarness();
  ({ page, problems } = await harness.newPage('/'));
  await page.evaluate(() => window.ganflow.ready);
  await page.locator('#control-optimizer').selectOption('simgd');
});

afterAll(async () => {
  await harness?.close();
});

describe('the map views', () => {
  it('shows the stability diagram instead of the panels, with its progress', async () => {
    await page.locator('#control-view').selectOption('stability');
    await page.locator('[data-testid=map-resolution]').selectOption('64');
    await waitForMap('stability');

    expect(await page.locator('[data-testid=panels]').isVisible()).toBe(false);
    expect(await page.locator('[data-testid=map-canvas]').isVisible()).toBe(true);
    expect(await page.locator('[data-testid=map-progress]').getAttribute('value')).toBe('1');
    expect(await page.locator('[data-testid=map-status]').innerText()).toContain('closed form');
    expect(problems).toEqual([]);
  });

  it('sets lr and mse of the selected panel from a click on the diagram', async () => {
    const canvas = page.locator('[data-testid=map-canvas]');
    const box = (await canvas.boundingBox())!;
    // The map's place in the picture; the canvas shows the picture scaled to its box.
    const plot = JSON.parse((await canvas.getAttribute('data-plot'))!);
    const picture = await canvas.evaluate((element: HTMLCanvasElement) => element.width);
    const scale = box.width / picture;
    await canvas.click({
      position: {
        x: (plot.left + 0.3 * plot.width) * scale,
        y: (plot.top + 0.6 * plot.height) * scale,
      },
    });
    await page.waitForFunction(() => window.ganflow.settings.config.optimizer.lrG !== 0.1);

    const config = await page.evaluate(() => window.ganflow.settings.config);
    // Default axes: lr over [0, 2], mse over [0, 2], 64 pixels each: pixel centres.
    const onGrid = (value: number) => Math.abs(((value / 2) * 64 - 0.5) % 1) < 1e-4;
    expect(config.optimizer.lrG).toBe(config.optimizer.lrD);
    expect(onGrid(config.optimizer.lrG)).toBe(true);
    expect(onGrid(config.method.mse)).toBe(true);
    expect(Number(await page.locator('#control-mse').inputValue())).toBeCloseTo(
      config.method.mse,
      6,
    );
  });

  it('computes the basin map of the visible window and goes back to the panels', async () => {
    await page.locator('#control-view').selectOption('basin');
    await page.locator('[data-testid=map-steps]').fill('60');
    await page.locator('[data-testid=map-steps]').press('Enter');
    await waitForMap('basin');
    expect(await page.locator('[data-testid=map-status]').innerText()).toMatch(/\d+\.\d% arrived/);

    await page.locator('#control-view').selectOption('flow');
    expect(await page.locator('[data-testid=panels]').isVisible()).toBe(true);
    expect(await page.locator('[data-testid=maps]').isVisible()).toBe(false);
    const frame = await page.evaluate(() => window.ganflow.frame);
    await page.waitForFunction((start) => window.ganflow.frame > start + 2, frame, {
      timeout: 60_000,
    });
    expect(problems).toEqual([]);
  });
});
