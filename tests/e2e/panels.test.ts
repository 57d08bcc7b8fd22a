// Comparing methods side by side, end to end in Debian's Chromium on SwiftShader: four panels
// render, their spectra and the hover readout match the f64 reference, a click draws a run,
// the state survives a trip through the URL, the PNG export is the whole comparison, and the
// shader passes Validate. 4 x 4,096 particles keep each frame short.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trajectoryOf } from '../../src/app/training-run.ts';
import { type Config } from '../../src/model/config.ts';
import { analyze } from '../../src/reference/analysis.ts';
import { type Harness, startHarness } from './harness.ts';
import { decodePng, nonBackgroundFraction } from './pixels.ts';

const COMPARISON =
  '/?layout=2x2&particles=16384&p1.mse=1&p2.r1=0.3&p2.optimizer=simgd&p3.noise=0.7';
const TITLES = [
  'GAN · RK4 flow dt=0.05',
  'GAN + MSE λ=1 · RK4 flow dt=0.05',
  'GAN + R1 γ=0.3 · SimGD h=0.1',
  'GAN + noise σ=0.7 · RK4 flow dt=0.05',
];
// Hides every layer but `keep`, so that a screenshot shows that layer over the background.
const ONLY_LAYER = (keep: string) =>
  `.stage canvas:not(.${keep}), .panel-header { visibility: hidden !important; }`;

/**
 * The page and the test run the same f64 code, but Chromium's Math.exp may differ from Node's
 * in the last bit; over a run of up to 2,000 steps that stays far below 1e-9 relative.
 */
function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    expect(Math.abs(value - expected[i]!)).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(expected[i]!)),
    );
  });
}

let harness: Harness;
let page: Page;
let problems: string[];

async function waitForFrames(target: Page, count: number): Promise<void> {
  const start = await target.evaluate(() => window.ganflow.frame);
  await target.waitForFunction((frame) => window.ganflow.frame >= frame, start + count, {
    timeout: 60_000,
  });
}

async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const opened = await harness.newPage(path);
  await opened.page.evaluate(() => window.ganflow.ready);
  await waitForFrames(opened.page, 3);
  return opened;
}

async function configs(target: Page): Promise<Config[]> {
  return target.evaluate(() => window.ganflow.settings.panels);
}

async function withOnlyLayer<T>(layer: string, action: () => Promise<T>): Promise<T> {
  const style = await page.addStyleTag({ content: ONLY_LAYER(layer) });
  try {
    return await action();
  } finally {
    await style.evaluate((element) => (element as HTMLElement).remove());
  }
}

/** The centre of panel `index`'s stage plus an offset, in page pixels. */
async function stagePoint(index: number, dx = 0, dy = 0): Promise<[number, number]> {
  const box = (await page.getByTestId(`stage-${index}`).boundingBox())!;
  return [Math.round(box.x + box.width / 2 + dx), Math.round(box.y + box.height / 2 + dy)];
}

beforeAll(async () => {
  harness = await startHarness({ viewport: { width: 1280, height: 800 } });
  ({ page, problems } = await open(COMPARISON));
});

afterAll(async () => {
  await harness?.close();
});

describe('comparing methods side by side', () => {
  it('renders four panels, each with its own live title and a share of the particles', async () => {
    const panels = await page.evaluate(() => window.ganflow.panels);

    expect(panels.map(({ title }) => title)).toEqual(TITLES);
    expect(panels.map(({ particles }) => particles)).toEqual([4096, 4096, 4096, 4096]);
    for (let index = 0; index < 4; index++) {
      expect(await page.getByTestId(`panel-title-${index}`).innerText()).toBe(TITLES[index]);
    }
    // Trails alone, over the background: every panel draws its particles.
    await withOnlyLayer('flow', async () => {
      for (let index = 0; index < 4; index++) {
        const shot = decodePng(
          await page.locator(`[data-testid=panel-${index}] canvas.flow`).screenshot(),
        );
        expect(nonBackgroundFraction(shot), `panel ${index + 1}`).toBeGreaterThan(0.02);
      }
    });
    expect(problems).toEqual([]);
  });

  it('plots each panel spectrum from the reference, and follows the controls', async () => {
    const panels = await configs(page);
    for (let index = 0; index < 4; index++) {
      const data = JSON.parse(
        (await page.getByTestId(`spectrum-${index}`).getAttribute('data-value'))!,
      );
      const analysis = analyze(panels[index]!);
      const discrete = panels[index]!.optimizer.optimizer === 'simgd';
      expect(data.kind).toBe(discrete ? 'update' : 'jacobian');
      expect(data.eigenvalues).toEqual(
        discrete ? analysis.updateEigenvalues : analysis.eigenvalues,
      );
      expect(data.spectralRadius).toBe(analysis.spectralRadius);
      expect(data.criticalLearningRate).toBe(analysis.criticalLearningRate);
    }
    // The guide's closed form for R1 under SimGD: h < 4 gamma for gamma < 1.
    const r1 = JSON.parse((await page.getByTestId('spectrum-2').getAttribute('data-value'))!);
    expect(r1.criticalLearningRate).toBeCloseTo(1.2, 12);

    // Editing panel 2's MSE weight changes its title and spectrum at once: -lambda +- ...
    await page.locator('#control-panel').selectOption({ label: 'panel 2' });
    const mse = page.locator('#control-mse');
    await mse.fill('0.25');
    await mse.press('Enter');
    await expect
      .poll(() => page.getByTestId('panel-title-1').innerText())
      .toBe('GAN + MSE λ=0.25 · RK4 flow dt=0.05');
    const moved = JSON.parse((await page.getByTestId('spectrum-1').getAttribute('data-value'))!);
    // lambda = 1/4 < 1/2: complex pair -1/4 +- i sqrt(1/4 - 1/16).
    for (const [re, im] of moved.eigenvalues) {
      expect(re).toBeCloseTo(-0.25, 12);
      expect(Math.abs(im)).toBeCloseTo(Math.sqrt(3 / 16), 12);
    }
    await mse.fill('1');
    await mse.press('Enter');
    await expect.poll(() => page.getByTestId('panel-title-1').innerText()).toBe(TITLES[1]);
  });

  it('links pan and zoom across the panels, and unlinks them on request', async () => {
    await page.mouse.move(...(await stagePoint(0, 30, -20)));
    await page.mouse.wheel(0, -200);
    await expect
      .poll(() => page.evaluate(() => window.ganflow.panels[0]!.view.halfHeight))
      .toBeLessThan(2.5);
    let views = (await page.evaluate(() => window.ganflow.panels)).map(({ view }) => view);
    for (const view of views.slice(1)) expect(view).toEqual(views[0]);

    await page.locator('#control-linkViews').uncheck();
    await page.mouse.move(...(await stagePoint(1)));
    await page.mouse.wheel(0, 300);
    await expect
      .poll(() => page.evaluate(() => window.ganflow.panels[1]!.view.halfHeight))
      .toBeGreaterThan(views[1]!.halfHeight);
    const unlinked = (await page.evaluate(() => window.ganflow.panels)).map(({ view }) => view);
    expect(unlinked[0]).toEqual(views[0]);
    expect(unlinked[2]).toEqual(views[2]);

    // Linking again gives every panel the selected panel's view.
    await page.locator('#control-linkViews').check();
    views = (await page.evaluate(() => window.ganflow.panels)).map(({ view }) => view);
    for (const view of views) expect(view).toEqual(unlinked[1]);
  });

  it('shows the reference Jacobian and eigenvalues at the hovered point', async () => {
    const [x, y] = await stagePoint(2, 57, -41);
    await page.mouse.move(x, y);
    await page.waitForFunction(() => window.ganflow.hover?.panel === 2);
    const hover = JSON.parse((await page.getByTestId('hover').getAttribute('data-value'))!);

    // The point under the pointer, from the stage's box and the panel's view.
    const box = (await page.getByTestId('stage-2').boundingBox())!;
    const { center, halfHeight } = await page.evaluate(() => window.ganflow.panels[2]!.view);
    const unitsPerPixel = (2 * halfHeight) / box.height;
    expect(hover.point[0]).toBeCloseTo(center[0] + (x - box.x - box.width / 2) * unitsPerPixel, 9);
    expect(hover.point[1]).toBeCloseTo(center[1] - (y - box.y - box.height / 2) * unitsPerPixel, 9);

    const reference = analyze((await configs(page))[2]!, hover.point);
    expectClose(hover.field, reference.field);
    expectClose(hover.jacobian.flat(), reference.jacobian!.flat());
    expectClose(hover.eigenvalues.flat(), reference.eigenvalues!.flat());
    expect(await page.getByTestId('hover').innerText()).toContain('eigenvalues');
  });

  it('draws the training run from a clicked point in every panel', async () => {
    const blank = await withOnlyLayer('run', async () =>
      decodePng(await page.getByTestId('panels').screenshot()),
    );
    await page.mouse.click(...(await stagePoint(1, -60, -50)));
    await page.waitForFunction(() => window.ganflow.trajectory !== null);
    const run = (await page.evaluate(() => window.ganflow.trajectory))!;

    expect(run.panel).toBe(1);
    expect(await page.evaluate(() => window.ganflow.settings.selected)).toBe(1);
    const panels = await configs(page);
    panels.forEach((config, index) => {
      const reference = trajectoryOf(config, run.start);
      expect(run.lengths[index]).toBe(reference.length);
      expectClose(run.ends[index]!, reference[reference.length - 1]!);
    });
    // GAN + MSE converges: over t = 40 the slower mode decays by e^(-0.134 * 40) < 0.005.
    expect(Math.hypot(...run.ends[1]!)).toBeLessThan(0.01 * Math.hypot(...run.start));

    const drawn = await withOnlyLayer('run', async () =>
      decodePng(await page.getByTestId('panels').screenshot()),
    );
    expect(nonBackgroundFraction(drawn)).toBeGreaterThan(nonBackgroundFraction(blank) + 0.002);
    await expect
      .poll(() => page.getByTestId('run-caption').innerText())
      .toMatch(/^Panel 2, step \d+ of/);
    expect(await page.getByTestId('distributions').isVisible()).toBe(true);
  });

  it('keeps every setting in the URL, and a new page opened from it shows the same state', async () => {
    await page.locator('#control-panel').selectOption({ label: 'panel 4' });
    await page.locator('#control-loss').selectOption('nsgan');
    await page.locator('#control-optimizer').selectOption('altgd');
    await page.locator('#control-colorBy').selectOption('start');
    await page.locator('#control-quiver').check();
    await page.locator('#control-linkViews').uncheck();
    await page.mouse.move(...(await stagePoint(3)));
    await page.mouse.wheel(0, -150);
    await page.waitForFunction(() => location.search.includes('p3.halfHeight'), null, {
      timeout: 5000,
    });
    const search = await page.evaluate(() => location.search);
    expect(search).toContain('p3.loss=nsgan');
    expect(search).toContain('p3.optimizer=altgd');

    const before = await page.evaluate(() => ({
      settings: window.ganflow.settings,
      views: window.ganflow.panels.map(({ view }) => view),
      titles: window.ganflow.panels.map(({ title }) => title),
    }));
    const copy = await open(`/${search}`);
    const after = await copy.page.evaluate(() => ({
      settings: window.ganflow.settings,
      views: window.ganflow.panels.map(({ view }) => view),
      titles: window.ganflow.panels.map(({ title }) => title),
    }));
    expect(after).toEqual(before);
    expect(await copy.page.getByTestId('url-notice').isHidden()).toBe(true);
    expect(copy.problems).toEqual([]);
    await copy.page.close();
  });

  it('falls back to defaults for a hostile URL, names what it ignored and runs nothing', async () => {
    const hostile =
      '/?layout=2x2&particles=16384&p0.mse=-1&p9.x=1&p1.loss=%3Cscript%3Ealert(1)%3C/script%3E' +
      '&colorBy=javascript:alert(1)&p2.r1=1e999&%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1';
    const opened = await harness.newPage(hostile);
    const dialogs: string[] = [];
    opened.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await opened.page.evaluate(() => window.ganflow.ready);
    const notice = opened.page.getByTestId('url-notice');

    expect(await notice.isVisible()).toBe(true);
    const text = await notice.innerText();
    for (const key of ['p0.mse', 'p9.x', 'p1.loss', 'colorBy', 'p2.r1', '<img src=x onerror=ale']) {
      expect(text).toContain(key);
    }
    const settings = await opened.page.evaluate(() => window.ganflow.settings);
    expect(settings.layout).toBe('2x2');
    expect(settings.panels[0]!.method.mse).toBe(0);
    expect(settings.panels[1]!.method.loss).toBe('gan');
    expect(settings.panels[2]!.method.r1).toBe(0);
    expect(settings.colorBy).toBe('speed');
    expect(await opened.page.locator('#url-notice *').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await opened.page.close();
  });

  it('exports the whole comparison as a non-blank PNG of the panels size', async () => {
    const box = (await page.getByTestId('panels').boundingBox())!;
    const stage = (await page.getByTestId('stage-0').boundingBox())!;
    const ratio = await page.evaluate(() => devicePixelRatio);
    const download = page.waitForEvent('download');
    await page.locator('#control-exportPng').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('ganflow-comparison.png');
    const png = decodePng(readFileSync((await file.path())!));

    expect(png.width).toBe(Math.round(box.width * ratio));
    expect(png.height).toBe(Math.round(box.height * ratio));
    expect(nonBackgroundFraction(png)).toBeGreaterThan(0.05);
    // The WebGPU trails made it in: the middle of the first panel's stage is not uniform.
    const left = Math.round((stage.x - box.x + stage.width * 0.1) * ratio);
    const top = Math.round((stage.y - box.y + stage.height * 0.1) * ratio);
    const width = Math.round(stage.width * 0.4 * ratio);
    const height = Math.round(stage.height * 0.3 * ratio);
    const crop = new Uint8Array(4 * width * height);
    for (let row = 0; row < height; row++) {
      const start = 4 * ((top + row) * png.width + left);
      crop.set(png.data.subarray(start, start + 4 * width), 4 * row * width);
    }
    expect(nonBackgroundFraction({ width, height, data: crop })).toBeGreaterThan(0.05);
  });

  it('validates the shader against the f64 reference within the tolerance', async () => {
    await page.locator('#control-panel').selectOption({ label: 'panel 2' });
    await page.locator('#control-validate').click();
    const result = page.getByTestId('validate-result');
    await expect.poll(() => result.getAttribute('data-passed'), { timeout: 60_000 }).not.toBeNull();
    const validation = JSON.parse((await result.getAttribute('data-value'))!);

    expect(validation.panel).toBe(1);
    expect(validation.sampled).toBe(1024);
    expect(validation.steps).toBe(100);
    expect(validation.tolerance).toBe(16 * 100 * 2 ** -24);
    expect(validation.worstError).toBeLessThanOrEqual(validation.tolerance);
    expect(validation.passed).toBe(true);
    expect(await result.innerText()).toMatch(/^Pass: panel 2/);
  });
});
