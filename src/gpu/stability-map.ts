// The stability diagram on the GPU: for every pixel, two parameters of the Config set from its
// column and row, the spectral radius of the update map at the equilibrium (0, 0) from the
// analytic Jacobian of shaders/field.wgsl. Computed in chunks of pixels.
import { cloneConfig } from '../model/config.ts';
import { columnValues, rowValues } from '../maps/grid.ts';
import { MAP_PARAMETERS } from '../maps/parameters.ts';
import type { StabilitySpec } from '../maps/specs.ts';
import type { ChunkedMap } from './chunks.ts';
import { readBuffer, storageBuffer, uniformBuffer, workgroupGrid } from './dispatch.ts';
import { type ShaderLibrary, stabilitySource } from './shader-library.ts';
import {
  FROM_PARAMS,
  type Specialization,
  fieldSpecialization,
  specializedPipeline,
} from './specialization.ts';
import { PARAMS_SIZE, packNoiseNodes, packParams } from './uniforms.ts';

export type { StabilitySpec } from '../maps/specs.ts';

/** Workgroup size of shaders/stability.wgsl. */
const WORKGROUP_SIZE = 256;
/** Bytes of the StabilityMap uniform, rounded up to 16. */
const DIAGRAM_SIZE = 32;

interface Pipelines {
  module: GPUShaderModule;
  layout: GPUBindGroupLayout;
  pipelineLayout: GPUPipelineLayout;
  /** `spectralRadii` specialised for a map, by specializationKey. */
  spectralRadii: Map<string, Promise<GPUComputePipeline>>;
}

const pipelineCache = new WeakMap<GPUDevice, Map<string, Pipelines>>();

export function maxStabilityPixels(limits: GPUSupportedLimits): number {
  const bytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const workgroups = limits.maxComputeWorkgroupsPerDimension;
  return Math.min(Math.floor(bytes / 4), workgroups * workgroups * WORKGROUP_SIZE);
}

/** The f32 parameter values of the columns, then of the rows, as the GPU reads them. */
export function stabilityAxisValues(spec: StabilitySpec): [Float32Array, Float32Array] {
  const [horizontal, vertical] = spec.axes;
  return [columnValues(horizontal, spec.width), rowValues(vertical, spec.height)];
}

export class StabilityMap implements ChunkedMap {
  readonly spec: StabilitySpec;
  readonly pixels: number;

  private readonly buffers: GPUBuffer[];
  private readonly diagram: GPUBuffer;
  private readonly radii: GPUBuffer;
  private readonly bindGroup: GPUBindGroup;
  private readonly spectralRadii: Promise<GPUComputePipeline>;
  private pixelsSubmitted = 0;
  private pixelsCompleted = 0;

  private constructor(
    private readonly device: GPUDevice,
    pipelines: Pipelines,
    spec: StabilitySpec,
  ) {
    this.spectralRadii = spectralRadiiFor(device, pipelines, spec);
    this.spec = {
      ...spec,
      config: cloneConfig(spec.config),
      axes: [{ ...spec.axes[0] }, { ...spec.axes[1] }],
    };
    this.pixels = spec.width * spec.height;

    const base = uniformBuffer(device, 'stability base', PARAMS_SIZE);
    device.queue.writeBuffer(
      base,
      0,
      packParams(spec.config, {
        particles: this.pixels,
        seed: 1,
        spawnBox: { thetaMin: 0, thetaMax: 0, psiMin: 0, psiMax: 0 },
        respawnOutside: false,
        respawnNonFinite: false,
        maxAge: Infinity,
      }),
    );
    const nodes = packNoiseNodes();
    const noiseNodes = storageBuffer(device, 'stability noiseNodes', nodes.byteLength);
    device.queue.writeBuffer(noiseNodes, 0, nodes);
    this.diagram = uniformBuffer(device, 'stability diagram', DIAGRAM_SIZE);

    const [columns, rows] = stabilityAxisValues(spec);
    const values = new Float32Array(columns.length + rows.length);
    values.set(columns);
    values.set(rows, columns.length);
    const valueBuffer = storageBuffer(device, 'stability values', values.byteLength);
    device.queue.writeBuffer(valueBuffer, 0, values);
    this.radii = storageBuffer(device, 'stability radii', this.pixels * 4);

    this.bindGroup = device.createBindGroup({
      layout: pipelines.layout,
      entries: [base, noiseNodes, this.diagram, valueBuffer, this.radii].map((buffer, binding) => ({
        binding,
        resource: { buffer },
      })),
    });
    this.buffers = [base, noiseNodes, this.diagram, valueBuffer, this.radii];
  }

  static create(device: GPUDevice, shaders: ShaderLibrary, spec: StabilitySpec): StabilityMap {
    const { width, height } = spec;
    if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1)) {
      throw new RangeError(`stability map size must be whole pixels, got ${width} x ${height}`);
    }
    const limit = maxStabilityPixels(device.limits);
    if (width * height > limit) {
      throw new RangeError(
        `a ${width} x ${height} stability map exceeds this device's buffer limits ` +
          `(at most ${limit.toLocaleString('en-US')} pixels)`,
      );
    }
    return new StabilityMap(device, pipelinesFor(device, shaders), spec);
  }

  get progress(): number {
    return this.pixelsCompleted / this.pixels;
  }

  get submitted(): boolean {
    return this.pixelsSubmitted >= this.pixels;
  }

  get done(): boolean {
    return this.pixelsCompleted >= this.pixels;
  }

  /** Submits the next `work` pixels (whole workgroups); resolves once the GPU has done them. */
  async advance(work: number): Promise<number> {
    // Compiled without blocking the queue; chunks resume in the order they were asked for.
    const spectralRadii = await this.spectralRadii;
    if (this.submitted) return 0;
    const wanted = Math.ceil(Math.max(1, work) / WORKGROUP_SIZE) * WORKGROUP_SIZE;
    const pixels = Math.min(this.pixels - this.pixelsSubmitted, wanted);
    const [horizontal, vertical] = this.spec.axes;
    this.device.queue.writeBuffer(
      this.diagram,
      0,
      new Uint32Array([
        this.spec.width,
        this.spec.height,
        MAP_PARAMETERS.indexOf(horizontal.parameter),
        MAP_PARAMETERS.indexOf(vertical.parameter),
        this.pixelsSubmitted,
        pixels,
      ]),
    );

    const encoder = this.device.createCommandEncoder({ label: 'stability' });
    const pass = encoder.beginComputePass({ label: 'stability' });
    pass.setPipeline(spectralRadii);
    pass.setBindGroup(0, this.bindGroup);
    pass.dispatchWorkgroups(...workgroupGrid(this.device, pixels, WORKGROUP_SIZE));
    pass.end();
    this.device.queue.submit([encoder.finish()]);
    this.pixelsSubmitted += pixels;

    await this.device.queue.onSubmittedWorkDone();
    this.pixelsCompleted += pixels;
    return pixels;
  }

  /** The spectral radius per pixel, row by row from the top. */
  async readRadii(): Promise<Float32Array> {
    return new Float32Array(await readBuffer(this.device, this.radii));
  }

  destroy(): void {
    for (const buffer of this.buffers) buffer.destroy();
  }
}

function pipelinesFor(device: GPUDevice, shaders: ShaderLibrary): Pipelines {
  const source = stabilitySource(shaders);
  let perDevice = pipelineCache.get(device);
  if (!perDevice) {
    perDevice = new Map();
    pipelineCache.set(device, perDevice);
  }
  const cached = perDevice.get(source);
  if (cached) return cached;

  // base, noiseNodes, diagram, values, radii: as in the WGSL.
  const types: GPUBufferBindingType[] = [
    'uniform',
    'read-only-storage',
    'uniform',
    'read-only-storage',
    'storage',
  ];
  const layout = device.createBindGroupLayout({
    label: 'stability',
    entries: types.map((type, binding) => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type },
    })),
  });
  const pipelines: Pipelines = {
    module: device.createShaderModule({ label: 'stability', code: source }),
    layout,
    pipelineLayout: device.createPipelineLayout({ label: 'stability', bindGroupLayouts: [layout] }),
    spectralRadii: new Map(),
  };
  perDevice.set(source, pipelines);
  return pipelines;
}

/**
 * The loss and optimiser are the same for every pixel; noise and consensus, where an axis sets
 * them per pixel, are left to run time.
 */
function stabilitySpecialization(spec: StabilitySpec): Specialization {
  const specialization = fieldSpecialization(spec.config);
  for (const { parameter } of spec.axes) {
    if (parameter === 'noise') specialization.NOISE_NODES = FROM_PARAMS;
    if (parameter === 'consensus') specialization.CONSENSUS = 1;
  }
  return specialization;
}

function spectralRadiiFor(
  device: GPUDevice,
  pipelines: Pipelines,
  spec: StabilitySpec,
): Promise<GPUComputePipeline> {
  const { spectralRadii, pipelineLayout, module } = pipelines;
  const constants = stabilitySpecialization(spec);
  return specializedPipeline(
    device,
    spectralRadii,
    pipelineLayout,
    module,
    'spectralRadii',
    constants,
  );
}
