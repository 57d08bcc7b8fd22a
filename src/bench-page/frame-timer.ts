// Times the app's frame split into compute (the integration pass) and render (trail fade and
// segments, then present): with GPU timestamps where the adapter offers them, else on the CPU
// clock around separate submissions of the two halves.
import { type FrameRequest, type GpuScene, TIMESTAMPS_PER_PANEL } from '../app/gpu-scene.ts';

export type TimingMethod = 'timestamps' | 'cpu';

export interface FrameTimes {
  computeMs: number;
  renderMs: number;
}

export interface TimedFrame {
  /** From encoding to onSubmittedWorkDone on the CPU clock: what the app's status line shows. */
  frameMs: number;
  /** Resolves later with the split, or null when the sample was dropped as implausible. */
  times: Promise<FrameTimes | null>;
}

export interface FrameTimer {
  readonly method: TimingMethod;
  /** Draws one frame of a one-panel scene and resolves once the GPU has finished it. */
  frame(scene: GpuScene, request: FrameRequest): Promise<TimedFrame>;
  destroy(): void;
}

// A pass of over a minute is a clock fault (an unwritten timestamp reads 0), not a measurement.
const MAX_PLAUSIBLE_MS = 60_000;

function plausible(ms: number): boolean {
  return Number.isFinite(ms) && ms > 0 && ms <= MAX_PLAUSIBLE_MS;
}

/** Milliseconds between two nanosecond timestamps; the difference is taken before rounding. */
function elapsedMs(begin: bigint | undefined, end: bigint | undefined): number {
  if (begin === undefined || end === undefined) return NaN;
  return Number(end - begin) / 1e6;
}

/**
 * The split of panel 0 from its resolved timestamps (see TIMESTAMPS_PER_PANEL), or null if either
 * half is zero, negative or implausibly long.
 */
export function timesFromTimestamps(stamps: BigUint64Array): FrameTimes | null {
  const computeMs = elapsedMs(stamps[0], stamps[1]);
  const renderMs = elapsedMs(stamps[2], stamps[3]);
  return plausible(computeMs) && plausible(renderMs) ? { computeMs, renderMs } : null;
}

const TIMESTAMP_BYTES = TIMESTAMPS_PER_PANEL * 8;

/**
 * Timestamps written by the passes themselves, resolved and copied into one of a pool of
 * readback buffers per frame. A buffer returns to the pool once it has been read, so a frame
 * never waits for the times of the one before.
 */
export class TimestampFrameTimer implements FrameTimer {
  readonly method = 'timestamps';
  private readonly querySet: GPUQuerySet;
  private readonly resolved: GPUBuffer;
  private readonly idle: GPUBuffer[] = [];
  private readonly readbacks: GPUBuffer[] = [];

  constructor(private readonly device: GPUDevice) {
    this.querySet = device.createQuerySet({
      label: 'frame timestamps',
      type: 'timestamp',
      count: TIMESTAMPS_PER_PANEL,
    });
    this.resolved = device.createBuffer({
      label: 'resolved timestamps',
      size: TIMESTAMP_BYTES,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
  }

  /** Buffers made so far: the pool grows only while every buffer is still being read. */
  get poolSize(): number {
    return this.readbacks.length;
  }

  async frame(scene: GpuScene, request: FrameRequest): Promise<TimedFrame> {
    const begin = performance.now();
    scene.renderFrame(request, this.querySet);
    // Resolving in a submission of its own, right after the frame's, reads this frame's values.
    const readback = this.idle.pop() ?? this.createReadback();
    const encoder = this.device.createCommandEncoder({ label: 'read timestamps' });
    encoder.resolveQuerySet(this.querySet, 0, TIMESTAMPS_PER_PANEL, this.resolved, 0);
    encoder.copyBufferToBuffer(this.resolved, 0, readback, 0, TIMESTAMP_BYTES);
    this.device.queue.submit([encoder.finish()]);
    const times = readback.mapAsync(GPUMapMode.READ).then(() => {
      const stamps = new BigUint64Array(readback.getMappedRange().slice(0));
      readback.unmap();
      this.idle.push(readback);
      return timesFromTimestamps(stamps);
    });
    await this.device.queue.onSubmittedWorkDone();
    return { frameMs: performance.now() - begin, times };
  }

  destroy(): void {
    this.querySet.destroy();
    this.resolved.destroy();
    for (const buffer of this.readbacks) buffer.destroy();
  }

  private createReadback(): GPUBuffer {
    const buffer = this.device.createBuffer({
      label: `timestamp readback ${this.readbacks.length}`,
      size: TIMESTAMP_BYTES,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.readbacks.push(buffer);
    return buffer;
  }
}

/**
 * Without timestamps: the steps and the drawing of a frame as two submissions, each timed from
 * encoding to onSubmittedWorkDone. Each figure includes the round trip of that notification.
 */
export class CpuFrameTimer implements FrameTimer {
  readonly method = 'cpu';

  constructor(private readonly device: GPUDevice) {}

  async frame(scene: GpuScene, request: FrameRequest): Promise<TimedFrame> {
    const begin = performance.now();
    this.device.queue.submit([scene.encodeSteps(request)]);
    await this.device.queue.onSubmittedWorkDone();
    const computed = performance.now();
    this.device.queue.submit([scene.encodeDrawing(request)]);
    await this.device.queue.onSubmittedWorkDone();
    const rendered = performance.now();
    const computeMs = computed - begin;
    const renderMs = rendered - computed;
    const times = plausible(computeMs) && plausible(renderMs) ? { computeMs, renderMs } : null;
    return { frameMs: rendered - begin, times: Promise.resolve(times) };
  }

  destroy(): void {}
}
