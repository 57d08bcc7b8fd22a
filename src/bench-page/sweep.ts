// The sweep: at each particle count, the app's scene rebuilt with that many particles, warm-up
// frames, then timed frames until the count's frame budget is spent. Frames follow the screen's
// animation frames and wait for the GPU like the app's, one at a time.
import { type FrameRequest, type GpuScene, type PanelSetup } from '../app/gpu-scene.ts';
import { type Summary, summarize } from '../bench/stats.ts';
import { type FrameTimer, type FrameTimes } from './frame-timer.ts';
import { type SweepPlan } from './options.ts';

export interface CountResult {
  particles: number;
  /** Timed frames whose split was kept. */
  frames: number;
  /** Timed frames whose split was dropped: zero, negative or implausible. */
  dropped: number;
  computeMs: Summary;
  renderMs: Summary;
  /** From encoding to onSubmittedWorkDone, on the CPU clock. */
  frameMs: Summary;
}

export interface SkippedCount {
  particles: number;
  reason: string;
}

export interface SweepResult {
  results: CountResult[];
  skipped: SkippedCount[];
}

export interface SweepProgress {
  particles: number;
  phase: 'warm-up' | 'timed';
  frame: number;
}

function animationFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

function countLabel(particles: number): string {
  return particles.toLocaleString('en-US');
}

async function measureCount(
  device: GPUDevice,
  scene: GpuScene,
  timer: FrameTimer,
  request: FrameRequest,
  plan: SweepPlan,
  particles: number,
  onProgress: (progress: SweepProgress) => void,
): Promise<CountResult | SkippedCount> {
  // A shader or pass the device refuses would otherwise time as a fast no-op.
  device.pushErrorScope('validation');
  for (let frame = 1; frame <= plan.warmupFrames; frame++) {
    onProgress({ particles, phase: 'warm-up', frame });
    await animationFrame();
    await (
      await timer.frame(scene, request)
    ).times;
  }
  const frameMs: number[] = [];
  const pending: Promise<FrameTimes | null>[] = [];
  const begin = performance.now();
  while (
    frameMs.length < plan.maxFrames &&
    (frameMs.length < plan.minFrames || performance.now() - begin < plan.budgetMs)
  ) {
    onProgress({ particles, phase: 'timed', frame: frameMs.length + 1 });
    await animationFrame();
    const timed = await timer.frame(scene, request);
    frameMs.push(timed.frameMs);
    pending.push(timed.times);
  }
  const samples = await Promise.all(pending);
  const error = await device.popErrorScope();
  if (error)
    throw new Error(`WebGPU validation error at ${countLabel(particles)}: ${error.message}`);

  const kept = samples.filter((sample): sample is FrameTimes => sample !== null);
  if (kept.length === 0) {
    return { particles, reason: 'every timing sample was zero, negative or implausible' };
  }
  return {
    particles,
    frames: kept.length,
    dropped: samples.length - kept.length,
    computeMs: summarize(kept.map((sample) => sample.computeMs)),
    renderMs: summarize(kept.map((sample) => sample.renderMs)),
    frameMs: summarize(frameMs),
  };
}

/**
 * Measures every count of the plan that the device holds and that is expected to fit the frame
 * limit: a count's frame is estimated from the last one measured, in proportion to particles.
 */
export async function runSweep(
  device: GPUDevice,
  scene: GpuScene,
  setup: PanelSetup,
  timer: FrameTimer,
  request: FrameRequest,
  plan: SweepPlan,
  onProgress: (progress: SweepProgress) => void,
): Promise<SweepResult> {
  const results: CountResult[] = [];
  const skipped: SkippedCount[] = [];
  for (const particles of plan.counts) {
    if (particles > scene.maxParticles) {
      skipped.push({
        particles,
        reason: `over this device's ${countLabel(scene.maxParticles)} particles`,
      });
      continue;
    }
    const last = results.at(-1);
    const expectedMs = last ? (last.frameMs.median * particles) / last.particles : 0;
    if (expectedMs > plan.maxFrameMs) {
      skipped.push({
        particles,
        reason: `a frame is expected to take about ${expectedMs.toFixed(0)} ms (limit ${plan.maxFrameMs} ms)`,
      });
      continue;
    }
    await scene.setPanels([setup], particles);
    const result = await measureCount(device, scene, timer, request, plan, particles, onProgress);
    if ('reason' in result) skipped.push(result);
    else results.push(result);
  }
  return { results, skipped };
}
