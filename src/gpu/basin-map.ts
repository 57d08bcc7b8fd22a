// The basin map on the GPU: one training run per pixel of a view rectangle, advanced chunk by
// chunk (a range of steps for a range of pixels) with the runs' state kept in buffers, until
// every run has arrived within epsilon of the equilibrium, diverged, or used its K steps.
import { cloneConfig } from '../model/config.ts';
import { columnValues, rowValues, viewAxes } from '../maps/grid.ts';
import type { BasinSpec } from '../maps/specs.ts';
import type { ChunkedMap } from './chunks.ts';
import { readBuffer, storageBuffer, uniformBuffer, workgroupGrid } from './dispatch.ts';
import { type ShaderLibrary, basinSource } from './shader-library.ts';
import { fieldSpecialization, specializedPipeline } from './specialization.ts';
import { PARAMS_SIZE, packNoiseNodes, packParams } from './uniforms.ts';

export type { BasinSpec } from '../maps/specs.ts';

/** Workgroup size of shaders/basin.wgsl. */
const WORKGROUP_SIZE = 256;
/** Bytes per pixel of the largest buffer: the run state (x, memory) as vec4<f32>. */
const STATE_BYTES = 16;
/** Outcome codes keep the step in 31 bits. */
export const MAX_BASIN_STEPS = 2 ** 31 - 1;

interface Pipelines {
  startRuns: GPUComputePipeline;
  fieldLayout: GPUBindGroupLayout;
  basinLayout: GPUBindGroupLayout;
  module: GPUShaderModule;
  layout: GPUPipelineLayout;
  /** `advanceRuns` specialised for a map's Config, by specializationKey. */
  advanceRuns: Map<string, Promise<GPUComputePipeline>>;
}

// Compiling is slow on software adapters: once per device, source and specialisation.
const pipelineCache = new WeakMap<GPUDevice, Map<string, Pipelines>>();

/** The most pixels a basin map can have on this device. */
export function maxBasinPixels(limits: GPUSupportedLimits): number {
  const bytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const workgroups = limits.maxComputeWorkgroupsPerDimension;
  return Math.min(Math.floor(bytes / STATE_BYTES), workgroups * workgroups * WORKGROUP_SIZE);
}

export class BasinMap implements ChunkedMap {
  readonly spec: BasinSpec;
  readonly pixels: number;

  private readonly buffers: GPUBuffer[];
  private readonly chunk: GPUBuffer;
  private readonly outcomes: GPUBuffer;
  private readonly running: GPUBuffer;
  /** Staging buffers for the running counts, free for the next chunk. */
  private readonly countReads: GPUBuffer[] = [];
  private readonly bindGroups: [GPUBindGroup, GPUBindGroup];
  /** Chunks are submitted step range by step range: the range's first step and length. */
  private rangeStart = 0;
  private rangeSteps = 0;
  /** Pixels of the step range under way that have a chunk submitted. */
  private pixelsSubmitted = 0;
  /** Per step range (by its first step): chunks not yet done, and runs still running. */
  private readonly ranges = new Map<
    number,
    { pending: number; running: number; closed: boolean }
  >();
  private completedWork = 0;
  /** The steps every run has completed, as far as the chunks done so far tell. */
  private stepsCompleted = 0;
  private finishedEarly = false;
  /** `advanceRuns` for this map's Config: its loss, optimiser and terms fixed as constants. */
  private readonly advanceRuns: Promise<GPUComputePipeline>;

  private constructor(
    private readonly device: GPUDevice,
    private readonly pipelines: Pipelines,
    spec: BasinSpec,
  ) {
    this.advanceRuns = advanceRunsFor(device, pipelines, spec);
    this.spec = { ...spec, config: cloneConfig(spec.config), view: { ...spec.view } };
    const { width, height } = spec;
    this.pixels = width * height;

    const params = uniformBuffer(device, 'basin params', PARAMS_SIZE);
    device.queue.writeBuffer(
      params,
      0,
      packParams(spec.config, {
        particles: this.pixels,
        seed: 1,
        spawnBox: spec.view,
        respawnOutside: false,
        respawnNonFinite: false,
        maxAge: Infinity,
      }),
    );
    const nodes = packNoiseNodes();
    const noiseNodes = storageBuffer(device, 'basin noiseNodes', nodes.byteLength);
    device.queue.writeBuffer(noiseNodes, 0, nodes);

    const basin = uniformBuffer(device, 'basin', 16);
    const basinValues = new ArrayBuffer(16);
    new Uint32Array(basinValues, 0, 2).set([width, height]);
    new Float32Array(basinValues, 8, 2).set([spec.epsilon, spec.bound]);
    device.queue.writeBuffer(basin, 0, basinValues);
    this.chunk = uniformBuffer(device, 'basin chunk', 16);

    const [thetaRange, psiRange] = viewAxes(spec.view);
    const thetas = columnValues(thetaRange, width);
    const psis = rowValues(psiRange, height);
    const thetaBuffer = storageBuffer(device, 'basin thetas', thetas.byteLength);
    const psiBuffer = storageBuffer(device, 'basin psis', psis.byteLength);
    device.queue.writeBuffer(thetaBuffer, 0, thetas);
    device.queue.writeBuffer(psiBuffer, 0, psis);

    const states = storageBuffer(device, 'basin states', this.pixels * STATE_BYTES);
    this.outcomes = storageBuffer(device, 'basin outcomes', this.pixels * 4);
    this.running = storageBuffer(device, 'basin running', 4);

    const group = (layout: GPUBindGroupLayout, buffers: GPUBuffer[]) =>
      device.createBindGroup({
        layout,
        entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
    this.bindGroups = [
      group(pipelines.fieldLayout, [params, noiseNodes]),
      group(pipelines.basinLayout, [
        basin,
        this.chunk,
        thetaBuffer,
        psiBuffer,
        states,
        this.outcomes,
        this.running,
      ]),
    ];
    this.buffers = [
      params,
      noiseNodes,
      basin,
      this.chunk,
      thetaBuffer,
      psiBuffer,
      states,
      this.outcomes,
      this.running,
    ];
  }

  /** Allocates the map and places every run at its start. */
  static create(device: GPUDevice, shaders: ShaderLibrary, spec: BasinSpec): BasinMap {
    const { width, height, steps } = spec;
    if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1)) {
      throw new RangeError(`basin map size must be whole pixels, got ${width} x ${height}`);
    }
    const limit = maxBasinPixels(device.limits);
    if (width * height > limit) {
      throw new RangeError(
        `a ${width} x ${height} basin map needs more GPU memory in one buffer than this device ` +
          `allows (at most ${limit.toLocaleString('en-US')} pixels)`,
      );
    }
    if (!(Number.isInteger(steps) && steps >= 0 && steps <= MAX_BASIN_STEPS)) {
      throw new RangeError(`basin map steps must be an integer in [0, ${MAX_BASIN_STEPS}]`);
    }

    const map = new BasinMap(device, pipelinesFor(device, shaders), spec);
    map.dispatch(map.pipelines.startRuns, 0, 0, map.pixels, null);
    return map;
  }

  get progress(): number {
    const total = this.spec.steps * this.pixels;
    return this.finishedEarly || total === 0 ? 1 : this.completedWork / total;
  }

  get submitted(): boolean {
    return this.finishedEarly || this.rangeStart >= this.spec.steps;
  }

  /** Every run has arrived, diverged or taken its K steps. */
  get done(): boolean {
    return this.finishedEarly || this.stepsCompleted >= this.spec.steps;
  }

  /** Steps every run has taken (or did not need, once every run is decided). */
  get steps(): number {
    return this.finishedEarly ? this.spec.steps : this.stepsCompleted;
  }

  /**
   * Submits a chunk of about `work` pixel-steps: `rangeSteps` steps for a range of pixels. A
   * chunk that opens a step range takes as many steps as the work allows for every pixel, or
   * one step for as many pixels. Resolves with its pixel-steps once the GPU has done it.
   */
  async advance(work: number): Promise<number> {
    // Compiled without blocking the queue; chunks resume in the order they were asked for.
    const advanceRuns = await this.advanceRuns;
    if (this.submitted) return 0;
    const budget = Math.max(1, Math.floor(work));
    if (this.pixelsSubmitted === 0) {
      const left = this.spec.steps - this.rangeStart;
      this.rangeSteps = Math.max(1, Math.min(left, Math.floor(budget / this.pixels)));
      this.ranges.set(this.rangeStart, { pending: 0, running: 0, closed: false });
    }
    const wanted = Math.ceil(budget / this.rangeSteps / WORKGROUP_SIZE) * WORKGROUP_SIZE;
    const pixels = Math.min(this.pixels - this.pixelsSubmitted, wanted);
    const range = this.ranges.get(this.rangeStart)!;
    const [rangeStart, rangeSteps] = [this.rangeStart, this.rangeSteps];

    const countRead = this.countReads.pop() ?? this.createCountRead();
    this.dispatch(advanceRuns, rangeStart, this.pixelsSubmitted, pixels, countRead);
    range.pending++;
    this.pixelsSubmitted += pixels;
    if (this.pixelsSubmitted === this.pixels) {
      range.closed = true;
      this.rangeStart += rangeSteps;
      this.pixelsSubmitted = 0;
    }

    await countRead.mapAsync(GPUMapMode.READ);
    range.running += new Uint32Array(countRead.getMappedRange())[0];
    countRead.unmap();
    this.countReads.push(countRead);
    range.pending--;
    this.completedWork += pixels * rangeSteps;
    if (range.closed && range.pending === 0) {
      this.ranges.delete(rangeStart);
      this.stepsCompleted = rangeStart + rangeSteps;
      if (range.running === 0) this.finishedEarly = true;
    }
    return pixels * rangeSteps;
  }

  /** Per pixel, row by row from the top: step, DIVERGED | step or RUNNING (maps/outcomes.ts). */
  async readOutcomes(): Promise<Uint32Array> {
    return new Uint32Array(await readBuffer(this.device, this.outcomes));
  }

  /** Frees the buffers; call it once no chunk is in flight. */
  destroy(): void {
    for (const buffer of [...this.buffers, ...this.countReads]) buffer.destroy();
  }

  /** Where a chunk's count of running pixels is copied for reading. */
  private createCountRead(): GPUBuffer {
    return this.device.createBuffer({
      label: 'basin running read',
      size: 4,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
  }

  /** Submits one pass over a pixel range, its count of running pixels copied to countRead. */
  private dispatch(
    pipeline: GPUComputePipeline,
    firstStep: number,
    firstPixel: number,
    pixels: number,
    countRead: GPUBuffer | null,
  ): void {
    const steps = pipeline === this.pipelines.startRuns ? 0 : this.rangeSteps;
    this.device.queue.writeBuffer(
      this.chunk,
      0,
      new Uint32Array([firstStep, steps, firstPixel, pixels]),
    );
    const encoder = this.device.createCommandEncoder({ label: pipeline.label });
    encoder.clearBuffer(this.running);
    const pass = encoder.beginComputePass({ label: pipeline.label });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, this.bindGroups[0]);
    pass.setBindGroup(1, this.bindGroups[1]);
    pass.dispatchWorkgroups(...workgroupGrid(this.device, pixels, WORKGROUP_SIZE));
    pass.end();
    if (countRead) encoder.copyBufferToBuffer(this.running, 0, countRead, 0, 4);
    this.device.queue.submit([encoder.finish()]);
  }
}

function pipelinesFor(device: GPUDevice, shaders: ShaderLibrary): Pipelines {
  const source = basinSource(shaders);
  let perDevice = pipelineCache.get(device);
  if (!perDevice) {
    perDevice = new Map();
    pipelineCache.set(device, perDevice);
  }
  const cached = perDevice.get(source);
  if (cached) return cached;

  const layoutOf = (label: string, types: GPUBufferBindingType[]) =>
    device.createBindGroupLayout({
      label,
      entries: types.map((type, binding) => ({
        binding,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type },
      })),
    });
  // As in the WGSL: params, noiseNodes; then basin, chunk, thetas, psis, states, outcomes,
  // running.
  const fieldLayout = layoutOf('basin field', ['uniform', 'read-only-storage']);
  const basinLayout = layoutOf('basin', [
    'uniform',
    'uniform',
    'read-only-storage',
    'read-only-storage',
    'storage',
    'storage',
    'storage',
  ]);
  const layout = device.createPipelineLayout({
    label: 'basin',
    bindGroupLayouts: [fieldLayout, basinLayout],
  });
  const module = device.createShaderModule({ label: 'basin', code: source });
  const pipelines: Pipelines = {
    startRuns: device.createComputePipeline({
      label: 'startRuns',
      layout,
      compute: { module, entryPoint: 'startRuns' },
    }),
    fieldLayout,
    basinLayout,
    module,
    layout,
    advanceRuns: new Map(),
  };
  perDevice.set(source, pipelines);
  return pipelines;
}

function advanceRunsFor(
  device: GPUDevice,
  pipelines: Pipelines,
  spec: BasinSpec,
): Promise<GPUComputePipeline> {
  const { advanceRuns, layout, module } = pipelines;
  const constants = fieldSpecialization(spec.config);
  return specializedPipeline(device, advanceRuns, layout, module, 'advanceRuns', constants);
}
