// The main job end to end in Debian's Chromium on SwiftShader: the page starts WebGPU without
// errors, particles move, and the analysis follows the controls.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/reference/analysis.ts';
import { defaultConfig } from '../../src/model/config.ts';
import { type Harness, startHarness } from './harness.ts';
import { changedFraction, decodePng, nonBackgroundFraction } from './pixels.ts';

let harness: Harness;
let page: Page;
let problems: string[];
let defaultParticles: number;

async function screenshotCanvas() {
  return decodePng(await page.locator('#flow').screenshot());
}

async function eigenvalueData(): Promise<[number, number][]> {
  const raw = await page.locator('#eigenvalues').getAttribute('data-value');
  return JSON.parse(raw ?? 'null') as [number, number][];
}

async function waitForFrames(count: number) {
  const start = await page.evaluate(() => window.ganflow.frame);
  await page.waitForFunction((target) => window.ganflow.frame >= target, start + count, {
    timeout: 60_000,
  });
}

beforeAll(async () => {
  harness = await startHarness();
  ({ page, problems } = await harness.newPage('/'));
  await page.evaluate(() => window.ganflow.ready);
  defaultParticles = await page.evaluate(() => window.ganflow.particles);
});

afterAll(async () => {
  await harness?.close();
});

describe('the app in headless Chromium', () => {
  it('starts WebGPU with a million particles by default and reports no errors', async () => {
    expect(problems).toEqual([]);
    const error = await page.locator('#error').isHidden();
    expect(error).toBe(true);
    expect(await page.locator('#status').getAttribute('data-state')).toBe('running');
    // 2^20 fits SwiftShader's 1 GiB binding limit, so nothing was clamped.
    expect(defaultParticles).toBe(1_048_576);
  });

  it('lowers the default count to hold an interactive frame rate on a slow adapter', async () => {
    // SwiftShader needs seconds for a frame of 2^20 particles: the budget must cut it.
    await page.waitForFunction(() => window.ganflow.particles < 1_048_576, null, {
      timeout: 150_000,
    });
    await expect.poll(() => page.locator('#notice').innerText()).toMatch(/particle count lowered/);
    expect(await page.evaluate(() => window.ganflow.settings.particles)).toBeLessThan(1_048_576);
  });

  it('draws trails that move between frames', async () => {
    // A count chosen by the user stays: the budget leaves it alone.
    await page.locator('#control-particles').selectOption({ label: '65,536' });
    await page.waitForFunction(() => window.ganflow.particles === 65_536, null, {
      timeout: 60_000,
    });
    await waitForFrames(3);

    const first = await screenshotCanvas();
    await waitForFrames(4);
    const second = await screenshotCanvas();

    // Trails cover a visible part of the view and the picture changes as particles move.
    expect(nonBackgroundFraction(first)).toBeGreaterThan(0.02);
    expect(changedFraction(first, second)).toBeGreaterThan(0.005);
  });

  it('shows the eigenvalues of the plain GAN: +-i/2, circling', async () => {
    const eigenvalues = await eigenvalueData();
    const expected = analyze(defaultConfig()).eigenvalues!;
    expect(eigenvalues).toHaveLength(2);
    for (let i = 0; i < 2; i++) {
      expect(eigenvalues[i]![0]).toBeCloseTo(expected[i]![0], 12);
      expect(eigenvalues[i]![1]).toBeCloseTo(expected[i]![1], 12);
    }
    expect(Math.abs(eigenvalues[0]![1])).toBeCloseTo(0.5, 12);
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('circles');
  });

  it('follows the loss and the MSE weight: nsgan + MSE 1 gives -0.134 and -1.866', async () => {
    await page.locator('#control-loss').selectOption('nsgan');
    const mse = page.locator('#control-mse');
    await mse.fill('1');
    await mse.press('Enter');
    await page.waitForFunction(() => window.ganflow.settings.config.method.mse === 1);

    const text = await page.locator('#eigenvalues').innerText();
    expect(text).toContain('-0.134');
    expect(text).toContain('-1.866');
    const values = (await eigenvalueData()).map(([re]) => re).sort((a, b) => a - b);
    // Closed form -lambda +- sqrt(lambda^2 - 1/4) at lambda = 1, to double precision.
    expect(values[0]).toBeCloseTo(-1 - Math.sqrt(3) / 2, 12);
    expect(values[1]).toBeCloseTo(-1 + Math.sqrt(3) / 2, 12);
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('converges');

    // The GPU picks up the change too: frames keep coming with no error.
    await waitForFrames(2);
    expect(problems).toEqual([]);
  });

  it('refuses text that is not a number, says so, keeps the last good value', async () => {
    const mse = page.locator('#control-mse');
    // lil-gui would read '0.3abc' as 0.3 keystroke by keystroke: the whole text must count.
    await mse.fill('0.3abc');
    await mse.press('Enter');
    await expect.poll(() => page.locator('#input-error').isVisible()).toBe(true);
    const kept = await page.evaluate(() => window.ganflow.settings.config.method.mse);
    expect(kept).toBe(1);
  });

  it('loads the chosen panel into the controls when the panel selector changes', async () => {
    await page.locator('#control-layout').selectOption('1x2');
    await page.waitForFunction(() => window.ganflow.settings.panels.length === 2);
    const mse = page.locator('#control-mse');

    await page.locator('#control-panel').selectOption({ label: 'panel 2' });
    await mse.fill('0.25');
    await mse.press('Enter');
    await page.waitForFunction(() => window.ganflow.settings.panels[1]!.method.mse === 0.25);

    // Back to panel 1: its own MSE weight shows, and editing it leaves panel 2 alone.
    await page.locator('#control-panel').selectOption({ label: 'panel 1' });
    expect(await mse.inputValue()).toBe('1');
    await page.locator('#control-r1').fill('0.5');
    await page.locator('#control-r1').press('Enter');
    await page.waitForFunction(() => window.ganflow.settings.panels[0]!.method.r1 === 0.5);
    const panels = await page.evaluate(() => window.ganflow.settings.panels);
    expect(panels[1]!.method).toMatchObject({ mse: 0.25, r1: 0 });
    expect(panels[0]!.method).toMatchObject({ mse: 1, r1: 0.5 });
  });
});
