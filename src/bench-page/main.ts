// Entry point of bench.html: the app's own frame (GpuScene with one panel: integration, trail
// fade and segments, present, with the app's default settings) timed at a sweep of particle
// counts, split into compute and render, shown as a plot, a table and JSON.
import { type FrameRequest, GpuScene, type PanelSetup } from '../app/gpu-scene.ts';
import {
  type GpuContext,
  WebGpuUnavailableError,
  messageOf,
  startGpu,
} from '../app/gpu-context.ts';
import { say } from '../app/page.ts';
import { TARGET_FRAME_MS } from '../app/particle-budget.ts';
import { defaultSettings } from '../app/settings.ts';
import { View } from '../app/view.ts';
import { panelTitle } from '../model/title.ts';
import { analyze } from '../reference/analysis.ts';
import { CpuFrameTimer, type FrameTimer, TimestampFrameTimer } from './frame-timer.ts';
import { CANVAS_HEIGHT, CANVAS_WIDTH, benchOptions } from './options.ts';
import { type BenchPage, findBenchPage } from './page.ts';
import { plotSvg } from './plot.ts';
import {
  type BenchPageReport,
  adapterFacts,
  interactiveParticles,
  timingDescription,
} from './report.ts';
import { type SweepProgress, runSweep } from './sweep.ts';
import { fillTable } from './table.ts';
import './bench.css';

type PageState = 'starting' | 'running' | 'done' | 'failed' | 'unsupported';

function setStatus(page: BenchPage, state: PageState, text: string): void {
  page.status.dataset.state = state;
  page.status.textContent = text;
}

/** Shows the first failure; later ones are usually its consequences. */
function fail(page: BenchPage, message: string): void {
  if (page.status.dataset.state === 'failed') return;
  say(page.error, message);
  setStatus(page, 'failed', 'stopped: see the message above');
}

function progressText({ particles, phase, frame }: SweepProgress): string {
  return `measuring ${particles.toLocaleString('en-US')} particles: ${phase} frame ${frame}`;
}

function showReport(page: BenchPage, report: BenchPageReport): void {
  page.plot.innerHTML = plotSvg(report.results);
  fillTable(page.results, report.results);
  const held = report.interactiveParticles;
  const target = `${TARGET_FRAME_MS} ms per frame (${1000 / TARGET_FRAME_MS} frames/s)`;
  say(
    page.interactive,
    held === null
      ? `No count measured here held ${target}.`
      : `The most particles measured here within ${target}: ${held.toLocaleString('en-US')}.`,
  );
  page.skipped.replaceChildren(
    ...report.skipped.map(({ particles, reason }) => {
      const item = document.createElement('li');
      item.textContent = `${particles.toLocaleString('en-US')} particles skipped: ${reason}.`;
      return item;
    }),
  );
  const json = JSON.stringify(report, null, 2);
  page.json.textContent = json;
  page.copyJson.disabled = false;
  page.copyJson.addEventListener('click', () => {
    navigator.clipboard.writeText(json).then(
      () => say(page.copyStatus, 'Copied.'),
      () => say(page.copyStatus, 'The clipboard refused: copy it from JSON below.'),
    );
  });
}

async function main(page: BenchPage): Promise<void> {
  const { options, problems } = benchOptions(location.search);
  say(page.notice, problems.join(' ') || null);

  let gpu: GpuContext;
  try {
    gpu = await startGpu(
      {
        onError: (message) => fail(page, message),
        onLost: (message) => fail(page, `The GPU device was lost: ${message}`),
      },
      ['timestamp-query'],
    );
  } catch (error) {
    say(page.error, messageOf(error));
    if (error instanceof WebGpuUnavailableError) {
      setStatus(page, 'unsupported', 'no WebGPU: nothing to measure');
    } else {
      setStatus(page, 'failed', 'stopped: see the message above');
    }
    return;
  }
  const { device, adapter } = gpu;
  const offered = device.features.has('timestamp-query');
  const timer: FrameTimer =
    offered && !options.cpuTiming ? new TimestampFrameTimer(device) : new CpuFrameTimer(device);
  const adapterInfo = adapterFacts(adapter.info);
  page.adapter.textContent =
    [adapterInfo.description, adapterInfo.vendor, adapterInfo.architecture]
      .filter(Boolean)
      .join(', ') + (adapterInfo.isFallbackAdapter ? ' (fallback adapter: software)' : '');
  page.method.dataset.method = timer.method;
  page.method.textContent = timingDescription(timer.method, offered);

  const settings = defaultSettings();
  const config = settings.panels[0]!;
  page.canvas.width = CANVAS_WIDTH;
  page.canvas.height = CANVAS_HEIGHT;
  const context = page.canvas.getContext('webgpu');
  if (!context) {
    fail(page, 'The canvas refused a WebGPU context.');
    return;
  }
  const view = new View();
  view.setSize(CANVAS_WIDTH, CANVAS_HEIGHT);
  const setup: PanelSetup = {
    context,
    config,
    view,
    width: CANVAS_WIDTH,
    height: CANVAS_HEIGHT,
  };
  const request: FrameRequest = {
    steps: settings.stepsPerFrame,
    fade: settings.fade,
    views: [view],
    equilibria: [analyze(config).point],
  };
  const frame = {
    canvas: { width: CANVAS_WIDTH, height: CANVAS_HEIGHT },
    config: panelTitle(config),
    stepsPerFrame: settings.stepsPerFrame,
    fade: settings.fade,
    colorBy: settings.colorBy,
  };
  page.frame.textContent =
    `${frame.config}, ${frame.stepsPerFrame} ${frame.stepsPerFrame === 1 ? 'step' : 'steps'} ` +
    `per frame, fade ${frame.fade}, ` +
    `coloured by ${frame.colorBy}, ${CANVAS_WIDTH} x ${CANVAS_HEIGHT} device pixels`;

  const scene = new GpuScene(device, {
    stepsPerFrame: settings.stepsPerFrame,
    colormap: settings.colormap,
    colorBy: settings.colorBy,
  });
  setStatus(page, 'running', 'measuring…');
  try {
    const sweep = await runSweep(device, scene, setup, timer, request, options.plan, (progress) => {
      if (page.status.dataset.state === 'running') {
        setStatus(page, 'running', progressText(progress));
      }
    });
    if (page.status.dataset.state !== 'running') return;
    const report: BenchPageReport = {
      date: new Date().toISOString(),
      userAgent: navigator.userAgent,
      adapter: adapterInfo,
      timing: {
        method: timer.method,
        description: page.method.textContent,
        readbackBuffers: timer instanceof TimestampFrameTimer ? timer.poolSize : null,
      },
      frame,
      plan: options.plan,
      results: sweep.results,
      skipped: sweep.skipped,
      interactiveParticles: interactiveParticles(sweep.results),
    };
    showReport(page, report);
    setStatus(
      page,
      'done',
      `done: ${sweep.results.length} particle counts measured` +
        (sweep.skipped.length > 0 ? `, ${sweep.skipped.length} skipped` : ''),
    );
  } catch (error) {
    fail(page, messageOf(error));
  } finally {
    timer.destroy();
    scene.destroy();
  }
}

void main(findBenchPage());
