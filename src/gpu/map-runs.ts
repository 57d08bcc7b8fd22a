// Whole maps in one call, chunk by chunk, for the CLI, the tests and the benchmark; and the
// map throughput figure.
import { defaultConfig } from '../model/config.ts';
import type { BasinSpec, StabilitySpec } from '../maps/specs.ts';
import { BasinMap } from './basin-map.ts';
import { ChunkSizer, type ChunkedMap, runChunks } from './chunks.ts';
import type { ShaderLibrary } from './shader-library.ts';
import { StabilityMap } from './stability-map.ts';

export interface RunOptions {
  /** Aimed-at duration of one GPU submission. */
  chunkMs?: number;
  onProgress?: (fraction: number) => void;
}

export interface Timed {
  seconds: number;
  /** Work done: pixel-steps (basin: every run counted for every step of its chunks) or pixels. */
  work: number;
}

/** Submissions of about this long keep a page responsive on a real GPU. */
export const DEFAULT_CHUNK_MS = 50;

async function run(device: GPUDevice, map: ChunkedMap, options: RunOptions): Promise<Timed> {
  device.pushErrorScope('validation');
  const sizer = new ChunkSizer(options.chunkMs ?? DEFAULT_CHUNK_MS);
  const started = performance.now();
  let work = 0;
  const counted: ChunkedMap = {
    get progress() {
      return map.progress;
    },
    get submitted() {
      return map.submitted;
    },
    async advance(units: number) {
      const done = await map.advance(units);
      work += done;
      return done;
    },
  };
  await runChunks(counted, sizer, { onChunk: options.onProgress });
  const seconds = (performance.now() - started) / 1000;
  const error = await device.popErrorScope();
  if (error) throw new Error(`WebGPU validation failed: ${error.message}`);
  return { seconds, work };
}

export async function computeBasinMap(
  device: GPUDevice,
  shaders: ShaderLibrary,
  spec: BasinSpec,
  options: RunOptions = {},
): Promise<Timed & { outcomes: Uint32Array }> {
  const map = BasinMap.create(device, shaders, spec);
  try {
    const timed = await run(device, map, options);
    return { ...timed, outcomes: await map.readOutcomes() };
  } finally {
    map.destroy();
  }
}

export async function computeStabilityMap(
  device: GPUDevice,
  shaders: ShaderLibrary,
  spec: StabilitySpec,
  options: RunOptions = {},
): Promise<Timed & { radii: Float32Array }> {
  const map = StabilityMap.create(device, shaders, spec);
  try {
    const timed = await run(device, map, options);
    return { ...timed, radii: await map.readRadii() };
  } finally {
    map.destroy();
  }
}

export interface MapThroughput {
  starts: number;
  steps: number;
  seconds: number;
  /** Starts x steps per second. */
  rate: number;
}

/** 2,097,152 starts: a 2048 x 1024 basin map. */
export const THROUGHPUT_SIZE = { width: 2048, height: 1024 };

export interface ThroughputOptions {
  /** Steps of every run (default 100). */
  steps?: number;
  /** Aimed-at duration of one submission (default DEFAULT_CHUNK_MS, as in the app). */
  chunkMs?: number;
  size?: { width: number; height: number };
}

/**
 * Basin-map throughput, starts x steps per second: a 2048 x 1024 map of simultaneous GD on
 * gan + mse 1 over [-2, 2]^2 with epsilon 0 and no bound, so that every run takes every step,
 * in chunks as long as the app's. The pipeline is compiled by a small map first, untimed.
 */
export async function mapThroughput(
  device: GPUDevice,
  shaders: ShaderLibrary,
  options: ThroughputOptions = {},
): Promise<MapThroughput> {
  const { steps = 100, chunkMs = DEFAULT_CHUNK_MS, size = THROUGHPUT_SIZE } = options;
  const config = defaultConfig();
  config.method.mse = 1;
  config.optimizer.optimizer = 'simgd';
  const spec: BasinSpec = {
    config,
    view: { thetaMin: -2, thetaMax: 2, psiMin: -2, psiMax: 2 },
    ...size,
    steps,
    epsilon: 0,
    bound: Infinity,
  };
  await computeBasinMap(device, shaders, { ...spec, width: 16, height: 16, steps: 1 });
  const { seconds, work } = await computeBasinMap(device, shaders, spec, { chunkMs });
  const starts = size.width * size.height;
  return { starts, steps, seconds, rate: work / seconds };
}
