// Bad input and faults end to end in Debian's Chromium on SwiftShader: fields that blow up,
// counts and step numbers out of range, hostile links, no WebGPU, a lost device, a hidden tab,
// resizes, deep zooms, a very weak field and a storm of control changes. Every case keeps the
// page running, says what happened, and loses nothing the user set. 16,384 particles keep
// SwiftShader's frames short.
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { F32_POSITIONS_PER_HALF_HEIGHT } from '../../src/app/view.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, type Harness, startHarness } from './harness.ts';
import { changedFraction, decodePng, nonBackgroundFraction } from './pixels.ts';

const SMALL = '/?particles=16384';
const VIEWPORT = { width: 960, height: 640 };

/**
 * Installed before the page's scripts: keeps every GPU device the app asks for, and counts
 * the live GPU buffers and trail textures of the newest device (created, not yet destroyed).
 */
function instrumentWebGpu(): void {
  if (!('GPUAdapter' in window)) return;
  const gpu = {
    devices: [] as GPUDevice[],
    buffers: new Set<GPUBuffer>(),
    trailImages: new Set<GPUTexture>(),
  };
  Object.assign(window, { __gpu: gpu });
  const requestDevice = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor) {
    const device = await requestDevice.call(this, descriptor);
    gpu.devices.push(device);
    // A new device: the old one's objects went with it.
    gpu.buffers.clear();
    gpu.trailImages.clear();
    return device;
  };
  const createBuffer = GPUDevice.prototype.createBuffer;
  GPUDevice.prototype.createBuffer = function (this: GPUDevice, descriptor) {
    const buffer = createBuffer.call(this, descriptor);
    if (this === gpu.devices.at(-1)) gpu.buffers.add(buffer);
    return buffer;
  };
  const destroyBuffer = GPUBuffer.prototype.destroy;
  GPUBuffer.prototype.destroy = function (this: GPUBuffer) {
    gpu.buffers.delete(this);
    return destroyBuffer.call(this);
  };
  const createTexture = GPUDevice.prototype.createTexture;
  GPUDevice.prototype.createTexture = function (this: GPUDevice, descriptor) {
    const texture = createTexture.call(this, descriptor);
    if (descriptor.label === 'trail image' && this === gpu.devices.at(-1)) {
      gpu.trailImages.add(texture);
    }
    return texture;
  };
  const destroyTexture = GPUTexture.prototype.destroy;
  GPUTexture.prototype.destroy = function (this: GPUTexture) {
    gpu.trailImages.delete(this);
    return destroyTexture.call(this);
  };
}

interface Instrumented {
  devices: GPUDevice[];
  buffers: Set<GPUBuffer>;
  trailImages: Set<GPUTexture>;
}

declare global {
  interface Window {
    __gpu: Instrumented;
  }
}

let harness: Harness;

/** A page of the main browser with its problems (console errors and warnings, page errors). */
async function open(path: string, init?: () => void): Promise<{ page: Page; problems: string[] }> {
  const page = await harness.context.newPage();
  await page.setViewportSize(VIEWPORT);
  const problems = watchProblems(page);
  await page.addInitScript(init ?? instrumentWebGpu);
  await page.goto(harness.baseUrl + path);
  return { page, problems };
}

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

async function running(path: string, init?: () => void) {
  const result = await open(path, init);
  await result.page.evaluate(() => window.ganflow.ready);
  await waitForFrames(result.page, 2);
  return result;
}

async function waitForFrames(page: Page, count: number): Promise<void> {
  const start = await page.evaluate(() => window.ganflow.frame);
  await page.waitForFunction((target) => window.ganflow.frame >= target, start + count, {
    timeout: 60_000,
  });
}

/** Types a value into a numeric control and commits it, as a user does. */
async function enter(page: Page, key: string, value: string): Promise<void> {
  const input = page.locator(`#control-${key}`);
  await input.fill(value);
  await input.press('Enter');
}

async function analysisText(page: Page): Promise<string> {
  return page.locator('#analysis').evaluate((element) => element.textContent ?? '');
}

async function expectHealthy(page: Page, problems: string[]): Promise<void> {
  expect(problems).toEqual([]);
  expect(await page.locator('#error').isHidden()).toBe(true);
  expect(await page.evaluate(() => window.ganflow.state)).toBe('running');
}

async function zoomTo(page: Page, halfHeight: number): Promise<void> {
  const box = (await page.getByTestId('stage-0').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const current = await page.evaluate(() => window.ganflow.view.halfHeight);
  // 1.15 per 100 px of scroll (view-input.ts).
  await page.mouse.wheel(0, (100 * Math.log(halfHeight / current)) / Math.log(1.15));
  await page.waitForFunction(
    (wanted) => Math.abs(Math.log(window.ganflow.view.halfHeight / wanted)) < 0.01,
    halfHeight,
  );
}

/** A screenshot of the first panel's trails alone: the layers above them hidden. */
async function trailsOnly(page: Page): Promise<Buffer> {
  const style = await page.addStyleTag({
    content: '.stage canvas:not(.flow), .panel-header { visibility: hidden !important; }',
  });
  try {
    return await page.locator('#flow').screenshot();
  } finally {
    await style.evaluate((element) => (element as HTMLElement).remove());
  }
}

async function frameAndSteps(page: Page): Promise<[number, number]> {
  return page.evaluate(() => [window.ganflow.frame, window.ganflow.steps]);
}

beforeAll(async () => {
  harness = await startHarness({ viewport: VIEWPORT });
});

afterAll(async () => {
  await harness?.close();
});

// One page lives through most faults in turn; each test leaves it running.
describe('one page through faults and storms', () => {
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ({ page, problems } = await running(SMALL));
  });

  afterAll(async () => {
    await page?.close();
  });

  it('does no frames while the tab is hidden, and no burst of steps when shown again', async () => {
    const setHidden = (hidden: boolean) =>
      page.evaluate((hide) => {
        if (hide) {
          Object.defineProperty(document, 'visibilityState', {
            configurable: true,
            get: () => 'hidden',
          });
          Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
        } else {
          delete (document as { visibilityState?: unknown }).visibilityState;
          delete (document as { hidden?: unknown }).hidden;
        }
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);

    await setHidden(true);
    // A frame already submitted may still complete.
    await page.waitForTimeout(500);
    const hidden = await frameAndSteps(page);
    await page.waitForTimeout(1500);
    expect(await frameAndSteps(page)).toEqual(hidden);

    await setHidden(false);
    await waitForFrames(page, 3);
    const shown = await frameAndSteps(page);
    // One step per frame (the default): the steps grow exactly with the frames.
    expect(shown[1] - hidden[1]).toBe(shown[0] - hidden[0]);
    await expectHealthy(page, problems);
  });

  it('zooms to a window 1e-4 high at the equilibrium, where the particles still move', async () => {
    await zoomTo(page, 5e-5);
    await waitForFrames(page, 2);
    const first = decodePng(await trailsOnly(page));
    await waitForFrames(page, 2);
    const second = decodePng(await trailsOnly(page));
    expect(nonBackgroundFraction(second)).toBeGreaterThan(0.02);
    expect(changedFraction(first, second)).toBeGreaterThan(0.005);
    expect(await page.locator('#input-error').isHidden()).toBe(true);
    await zoomTo(page, 2.5);
    await expectHealthy(page, problems);
  });

  it('draws trails at learning rates 1e-4 (far less than a pixel per frame)', async () => {
    await page.locator('#control-optimizer').selectOption('simgd');
    await enter(page, 'lrG', '0.0001');
    await enter(page, 'lrD', '0.0001');
    // Particles spread over the view again (the deep zoom left them in a speck), trails cleared:
    // what shows was drawn at the weak rates.
    await page.locator('#control-reset').click();
    await waitForFrames(page, 3);
    const shot = decodePng(await trailsOnly(page));
    expect(nonBackgroundFraction(shot)).toBeGreaterThan(0.02);
    await page.locator('#control-optimizer').selectOption('flow');
    await expectHealthy(page, problems);
  });

  it('caps 1e6 steps per frame typed in the control at 1000, and frames stay bounded', async () => {
    await enter(page, 'stepsPerFrame', '1e6');
    expect(await page.locator('#input-error').innerText()).toBe(
      'steps per frame must lie in [1, 1000]; using 1000.',
    );
    expect(await page.evaluate(() => window.ganflow.settings.stepsPerFrame)).toBe(1000);
    // A frame submitted before the change may still complete with its one step.
    await waitForFrames(page, 1);
    const before = await frameAndSteps(page);
    await waitForFrames(page, 2);
    const after = await frameAndSteps(page);
    expect(after[1] - before[1]).toBe(1000 * (after[0] - before[0]));
    await enter(page, 'stepsPerFrame', '1');
    await expectHealthy(page, problems);
  });

  it('200 quick edits of loss, optimiser and layout leave no GPU buffer behind', async () => {
    const liveBuffers = () => page.evaluate(() => window.__gpu.buffers.size);
    await waitForFrames(page, 2);
    const steady = await liveBuffers();

    await page.evaluate(async () => {
      const input = document.querySelector<HTMLInputElement>('#control-mse')!;
      const select = (key: string, value: string) => {
        const element = document.querySelector<HTMLSelectElement>(`#control-${key}`)!;
        element.value = value;
        element.dispatchEvent(new Event('change'));
      };
      const losses = ['nsgan', 'wgan', 'lsgan', 'gan'];
      const optimizers = ['simgd', 'momentum', 'optimistic', 'altgd', 'extragradient', 'flow'];
      for (let k = 0; k < 200; k++) {
        input.value = String((k % 17) / 4);
        input.dispatchEvent(new Event('input'));
        if (k % 20 === 0) select('loss', losses[(k / 20) % losses.length]!);
        if (k % 20 === 10) select('optimizer', optimizers[((k - 10) / 20) % optimizers.length]!);
        if (k % 100 === 50) select('layout', '1x2');
        if (k % 100 === 99) select('layout', '1x1');
        // Some frames in between: the GPU sees the changes as they come.
        if (k % 10 === 9) await new Promise(requestAnimationFrame);
      }
      select('loss', 'gan');
      select('optimizer', 'flow');
      input.value = '0';
      input.dispatchEvent(new Event('input'));
    });
    expect(await page.evaluate(() => window.ganflow.settings.config.method.mse)).toBe(0);
    await waitForFrames(page, 3);
    // A read-back of the respawn count may hold a staging buffer for a moment.
    await expect.poll(liveBuffers, { timeout: 10_000 }).toBe(steady);
    await expectHealthy(page, problems);
  });

  it('keeps frames coming under fields that blow up, counts them, and shows no NaN', async () => {
    await page.locator('#control-optimizer').selectOption('simgd');
    for (const lr of ['10', '1e6']) {
      await enter(page, 'lrG', lr);
      await enter(page, 'lrD', lr);
      await waitForFrames(page, 1);
      expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('diverges');
      expect(await page.locator('#spectral-radius').innerText()).toMatch(/^\d/);
      expect(await analysisText(page)).not.toContain('NaN');
    }

    // A huge dt: RK4 itself is unstable, and the verdict says so.
    await page.locator('#control-optimizer').selectOption('flow');
    await enter(page, 'dt', '1e6');
    await waitForFrames(page, 1);
    expect(await page.locator('#verdict').innerText()).toMatch(
      /^diverges: the RK4 step is unstable/,
    );

    // WGAN-GP with gamma 1e3: J does not exist at the equilibrium; frames go on.
    await enter(page, 'dt', '0.05');
    await page.locator('#control-loss').selectOption('wgan');
    await enter(page, 'gp', '1000');
    await waitForFrames(page, 1);
    expect(await analysisText(page)).not.toContain('NaN');

    // Alternating GD whose 100 discriminator steps of (1 - 1e4) overflow f32 within one step,
    // and even the f64 update map: particles turn infinite and are respawned, and counted; the
    // radius reads 'overflow'.
    await enter(page, 'gp', '0');
    await page.locator('#control-loss').selectOption('nsgan');
    await enter(page, 'r1', '1000');
    await page.locator('#control-optimizer').selectOption('altgd');
    await enter(page, 'lrG', '10');
    await enter(page, 'lrD', '10');
    await enter(page, 'dSteps', '100');
    await expect
      .poll(() => page.evaluate(() => window.ganflow.respawns), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('#status').innerText())
      .toMatch(/ blown-up particles respawned$/);
    expect(await page.locator('#spectral-radius').innerText()).toBe('overflow');
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('diverges');
    expect(await analysisText(page)).not.toContain('NaN');
    await expectHealthy(page, problems);
  });

  it('rebuilds a lost device with every setting kept, frames continue, a notice', async () => {
    await page.locator('#control-layout').selectOption('1x2');
    await page.locator('#control-panel').selectOption({ label: 'panel 2' });
    await enter(page, 'mse', '1');
    await page.locator('#control-colorBy').selectOption('direction');
    await page.waitForFunction(() => window.ganflow.panels[1]?.particles === 8192);
    const facts = () =>
      page.evaluate(() => ({ settings: window.ganflow.settings, panels: window.ganflow.panels }));
    const before = await facts();

    await page.evaluate(() => window.__gpu.devices.at(-1)!.destroy());
    await page.waitForFunction(() => window.ganflow.deviceLosses === 1);
    await expect
      .poll(() => page.evaluate(() => window.ganflow.state), { timeout: 30_000 })
      .toBe('running');
    await waitForFrames(page, 2);

    expect(await facts()).toEqual(before);
    expect(await page.evaluate(() => window.__gpu.devices.length)).toBe(2);
    expect(await page.locator('#notice').innerText()).toMatch(
      /^The GPU device was lost \(.*\); it was rebuilt with the same settings\.$/,
    );
    await expectHealthy(page, problems);
  });
});

describe('links and limits', () => {
  it('clamps counts, caps steps, limits zoom, ignores the malformed rest, says so', async () => {
    const long = '9'.repeat(200);
    const { page, problems } = await running(
      `/?particles=1.5&stepsPerFrame=1e6&theta=1000&halfHeight=0.001` +
        `&p0.mse=1.5e&p0.r&%E0%A4%A=1&p0.r1=${long}&fade=%00&selected=7`,
    );
    const notice = await page.locator('#url-notice').innerText();
    expect(notice).toContain('particles (1.5 must be an integer: 1024 used)');
    expect(notice).toContain('stepsPerFrame (1e6 must lie in [1, 1000]: 1000 used)');
    for (const key of ['p0.mse', 'p0.r ', 'p0.r1', 'fade', 'selected']) {
      expect(notice).toContain(key);
    }
    expect(notice).toContain('longer than 32 characters');
    const settings = await page.evaluate(() => window.ganflow.settings);
    expect(settings).toMatchObject({ particles: 1024, stepsPerFrame: 1000, fade: 0.96 });
    expect(settings.panels[0]!.method).toMatchObject({ mse: 0, r1: 0 });
    expect(await page.evaluate(() => window.ganflow.particles)).toBe(1024);

    // ulp(1000) = 2^-14 in f32: the half height stops at 500 of them, ~0.03.
    const limit = F32_POSITIONS_PER_HALF_HEIGHT * 2 ** -14;
    expect(await page.evaluate(() => window.ganflow.view.halfHeight)).toBe(limit);
    const zoomNotice = /^Zoom limited by f32 precision at this offset/;
    expect(await page.locator('#input-error').innerText()).toMatch(zoomNotice);
    const box = (await page.getByTestId('stage-0').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -2000);
    await waitForFrames(page, 1);
    expect(await page.evaluate(() => window.ganflow.view.halfHeight)).toBeCloseTo(limit, 12);
    expect(await page.locator('#input-error').innerText()).toMatch(zoomNotice);
    await zoomTo(page, 1);
    await expect.poll(() => page.locator('#input-error').isHidden()).toBe(true);
    await expectHealthy(page, problems);
    await page.close();
  });

  it('holds fewer particles than asked on smaller device buffers, and says so', async () => {
    // The device reports a 1 MiB storage binding: 131,072 particles of 8 bytes.
    const { page, problems } = await running('/?particles=262144', () => {
      const limits = Object.getOwnPropertyDescriptor(GPUDevice.prototype, 'limits')!;
      Object.defineProperty(GPUDevice.prototype, 'limits', {
        get(this: GPUDevice) {
          const real = limits.get!.call(this) as GPUSupportedLimits;
          return new Proxy(real, {
            get: (target, name) =>
              name === 'maxStorageBufferBindingSize' ? 2 ** 20 : Reflect.get(target, name),
          });
        },
      });
    });
    expect(await page.evaluate(() => window.ganflow.particles)).toBe(131_072);
    expect(await page.locator('#input-error').innerText()).toBe(
      "262,144 particles per panel do not fit this GPU's buffers: 131,072 each.",
    );
    const offered = await page.locator('#control-particles option').allInnerTexts();
    expect(offered.at(-1)).toBe('131,072');
    await expectHealthy(page, problems);
    await page.close();
  });
});

describe('resizes and pixel ratios', () => {
  /** Each panel's canvas size, twice (two trail images each), and the live trail images'. */
  async function sizes(page: Page) {
    return page.evaluate(() => ({
      canvases: [...document.querySelectorAll<HTMLCanvasElement>('canvas.flow')]
        .flatMap(({ width, height }) => [`${width}x${height}`, `${width}x${height}`])
        .sort(),
      images: [...window.__gpu.trailImages].map(({ width, height }) => `${width}x${height}`).sort(),
    }));
  }

  it('four panels follow viewport and pixel-ratio changes: trail images match', async () => {
    const { page, problems } = await running('/?layout=2x2&particles=16384');
    for (const viewport of [
      { width: 700, height: 500 },
      { width: 1200, height: 900 },
      { width: 411, height: 731 },
      VIEWPORT,
    ]) {
      await page.setViewportSize(viewport);
      await waitForFrames(page, 2);
      const { canvases, images } = await sizes(page);
      expect(images, `${viewport.width}x${viewport.height}`).toEqual(canvases);
      expect(canvases).toHaveLength(8);
    }

    // The pixel ratio changes mid-run (another screen, page zoom): canvases and images follow.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      ...VIEWPORT,
      deviceScaleFactor: 2,
      mobile: false,
    });
    const stage = (await page.getByTestId('stage-0').boundingBox())!;
    await expect
      .poll(() => page.locator('#flow').evaluate((canvas) => (canvas as HTMLCanvasElement).width))
      .toBe(Math.round(2 * stage.width));
    await waitForFrames(page, 2);
    const { canvases, images } = await sizes(page);
    expect(images).toEqual(canvases);
    await cdp.send('Emulation.clearDeviceMetricsOverride');
    await expectHealthy(page, problems);
    await page.close();
  });

  it('at pixel ratio 2, canvases and trail images have twice the CSS size', async () => {
    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 2 });
      const problems = watchProblems(page);
      await page.addInitScript(instrumentWebGpu);
      await page.goto(`${harness.baseUrl}/?layout=2x2&particles=16384`);
      await page.evaluate(() => window.ganflow.ready);
      await page.setViewportSize({ width: 800, height: 560 });
      await waitForFrames(page, 2);
      const { canvases, images } = await sizes(page);
      expect(images).toEqual(canvases);
      const stage = (await page.getByTestId('stage-0').boundingBox())!;
      const width = await page
        .locator('#flow')
        .evaluate((canvas) => (canvas as HTMLCanvasElement).width);
      expect(Math.abs(width - 2 * stage.width)).toBeLessThanOrEqual(1);
      await expectHealthy(page, problems);
    } finally {
      await browser.close();
    }
  });
});

describe('no WebGPU', () => {
  async function expectAnalysisOnly(page: Page, problems: string[], reason: RegExp) {
    await page.waitForFunction(() => window.ganflow?.state === 'unsupported');
    expect(await page.locator('#unsupported').isVisible()).toBe(true);
    expect(await page.locator('#unsupported-reason').innerText()).toMatch(reason);
    expect(await page.locator('#unsupported').innerText()).toContain('--enable-unsafe-webgpu');
    // The controls and the analysis work without a GPU.
    await page.locator('#control-loss').selectOption('nsgan');
    await enter(page, 'mse', '1');
    await expect.poll(() => page.locator('#eigenvalues').innerText()).toContain('-1.866');
    await page.locator('#control-layout').selectOption('1x2');
    await page.locator('#control-exportPng').click();
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(problems).toEqual([]);
  }

  it('without --enable-unsafe-webgpu: explains, and the analysis still works', async () => {
    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS.filter((arg) => arg !== '--enable-unsafe-webgpu'),
    });
    try {
      const page = await browser.newPage({ viewport: VIEWPORT });
      const problems = watchProblems(page);
      await page.goto(harness.baseUrl + SMALL);
      await page.waitForFunction(() => window.ganflow?.state === 'unsupported');
      // Chromium's own console line when it has no adapter to offer: not the page's.
      const own = problems.filter((line) => !/No available adapters\.$/.test(line));
      problems.splice(0, problems.length, ...own);
      await expectAnalysisOnly(page, problems, /no usable GPU adapter/);
    } finally {
      await browser.close();
    }
  });

  it('with navigator.gpu removed: explains, and the analysis still works', async () => {
    const { page, problems } = await open(SMALL, () => {
      delete (Navigator.prototype as { gpu?: unknown }).gpu;
    });
    await expectAnalysisOnly(page, problems, /navigator\.gpu is missing/);
    await page.close();
  });
});
