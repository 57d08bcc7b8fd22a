// The particle integrator on the GPU: one particle per training run, advanced by the optimiser
// of the panel's Config in one compute dispatch per frame. Shared by the app, the CLI and the
// benchmark; the WGSL sources come in as an argument.
import {
  type Config,
  OPTIMIZERS_WITH_MEMORY,
  type OptimizerName,
  cloneConfig,
  defaultConfig,
} from '../model/config.ts';
import { workgroupGrid } from './dispatch.ts';
import { WORKGROUP_SIZE, maxParticles } from './limits.ts';
import { type ShaderLibrary, integratorSource } from './shader-library.ts';
import {
  GENERAL_INTEGRATOR,
  type Specialization,
  integratorSpecialization,
  specializationKey,
} from './specialization.ts';
import {
  PARAMS_SIZE,
  type ParticleSettings,
  type SpawnBox,
  packNoiseNodes,
  packParams,
} from './uniforms.ts';

export type { SpawnBox } from './uniforms.ts';

export interface SimulationOptions {
  /** Requested count; the simulation holds fewer if the device limits demand it. */
  particles: number;
  /** Seed of the spawn positions: panels with the same seed start from the same points. */
  seed?: number;
  /**
   * Compile a pipeline for each setting of loss, optimiser, optional terms and respawn rules
   * (default true): several times faster on software adapters. false keeps the general
   * pipeline, which reads every choice from the uniforms.
   */
  specialize?: boolean;
}

/** Which particles are reborn in the spawn box. */
export interface RespawnRules {
  /** Particles that leave the spawn box (by more than a small margin). */
  outsideBox: boolean;
  /** Particles whose state became infinite or NaN; these are counted. */
  nonFinite: boolean;
}

const DEFAULT_SPAWN_BOX: SpawnBox = { thetaMin: -2, thetaMax: 2, psiMin: -2, psiMax: 2 };

/** Bytes of the `Counters` struct: step clock and non-finite respawn count. */
const COUNTERS_SIZE = 8;
/** Distinct per-frame step counts kept as ready bind groups before the cache starts over. */
const FRAME_CACHE_SIZE = 64;
/** Bytes of one particle in each per-particle buffer: a vec2<f32>. */
const PARTICLE_BYTES = 8;

/**
 * Bytes `integrate` (shaders/integrate.wgsl) moves per particle and dispatch: it reads the
 * position and writes it back with the trail start; optimisers with memory also read and write
 * the memory. Uniforms and the shared noise nodes stay in cache and are not counted.
 */
export function integratorTraffic(optimizer: OptimizerName): { read: number; written: number } {
  const memory = OPTIMIZERS_WITH_MEMORY.includes(optimizer) ? PARTICLE_BYTES : 0;
  return { read: PARTICLE_BYTES + memory, written: 2 * PARTICLE_BYTES + memory };
}

interface Pipelines {
  /** `integrate` for any setting: runs until the specialised pipeline is compiled. */
  integrate: GPUComputePipeline;
  advanceClock: GPUComputePipeline;
  spawnAll: GPUComputePipeline;
  forgetMemory: GPUComputePipeline;
  particleLayout: GPUBindGroupLayout;
  frameLayout: GPUBindGroupLayout;
  module: GPUShaderModule;
  layout: GPUPipelineLayout;
  /** Specialised `integrate` pipelines by specializationKey, compiled or being compiled. */
  specialized: Map<string, Promise<GPUComputePipeline>>;
  compiled: Map<string, GPUComputePipeline>;
}

// Compiling the integrator is slow on software adapters: once per device, source and setting.
const pipelineCache = new WeakMap<GPUDevice, Map<string, Pipelines>>();

export class ParticleSimulation {
  readonly particles: number;
  /** array<vec2<f32>> of (theta, psi); STORAGE and VERTEX. */
  readonly positions: GPUBuffer;
  /** array<vec2<f32>>: each particle's position when the last frame began, or its rebirth. */
  readonly trailStarts: GPUBuffer;

  private readonly memory: GPUBuffer;
  private readonly params: GPUBuffer;
  private readonly noiseNodes: GPUBuffer;
  private readonly counters: GPUBuffer;
  private readonly particleBindGroup: GPUBindGroup;
  private readonly frameBindGroups = new Map<
    number,
    { bindGroup: GPUBindGroup; buffer: GPUBuffer }
  >();
  private readonly workgroups: [number, number];
  private config: Config = defaultConfig();
  private readonly settings: ParticleSettings;
  /** The `integrate` pipeline frames run now. */
  private integrate: GPUComputePipeline;
  /** Settings changed since the pipeline was chosen. */
  private settingsChanged = true;
  /** Key of the specialised pipeline the settings call for. */
  private wantedKey = '';
  /** Settles once the wanted pipeline is in use (or failed to compile). */
  private specializing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly device: GPUDevice,
    private readonly pipelines: Pipelines,
    particles: number,
    seed: number,
    private readonly specialize: boolean,
  ) {
    this.particles = particles;
    this.integrate = pipelines.integrate;
    this.settings = {
      particles,
      seed,
      spawnBox: { ...DEFAULT_SPAWN_BOX },
      respawnOutside: true,
      respawnNonFinite: true,
      maxAge: Infinity,
    };

    const attribute = (label: string, bytesPerParticle: number, extra: GPUBufferUsageFlags) =>
      device.createBuffer({
        label,
        size: particles * bytesPerParticle,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extra,
      });
    this.positions = attribute('positions', 8, GPUBufferUsage.VERTEX);
    this.trailStarts = attribute('trailStarts', 8, GPUBufferUsage.VERTEX);
    this.memory = attribute('memory', 8, 0);
    this.params = device.createBuffer({
      label: 'params',
      size: PARAMS_SIZE,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.counters = device.createBuffer({
      label: 'counters',
      size: COUNTERS_SIZE,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    const nodes = packNoiseNodes();
    this.noiseNodes = device.createBuffer({
      label: 'noiseNodes',
      size: nodes.byteLength,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(this.noiseNodes, 0, nodes);

    const buffers = [
      this.params,
      this.noiseNodes,
      this.positions,
      this.memory,
      this.trailStarts,
      this.counters,
    ];
    this.particleBindGroup = device.createBindGroup({
      label: 'particles',
      layout: pipelines.particleLayout,
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });

    // 2-D dispatch beyond the per-dimension limit; the shader guards the index.
    this.workgroups = workgroupGrid(device, particles, WORKGROUP_SIZE);
  }

  static create(
    device: GPUDevice,
    shaders: ShaderLibrary,
    options: SimulationOptions,
  ): ParticleSimulation {
    const requested = Math.floor(options.particles);
    if (!(requested >= 1)) throw new RangeError(`particles must be at least 1, got ${requested}`);
    const particles = Math.min(requested, maxParticles(device.limits));
    const seed = options.seed ?? 1;

    const simulation = new ParticleSimulation(
      device,
      pipelinesFor(device, shaders),
      particles,
      seed,
      options.specialize ?? true,
    );
    simulation.reset();
    return simulation;
  }

  setConfig(config: Config): void {
    const switched = config.optimizer.optimizer !== this.config.optimizer.optimizer;
    this.config = cloneConfig(config);
    this.writeParams();
    this.settingsChanged = true;
    // Momentum keeps x_prev and optimistic GD v(x_prev): neither may read the other's memory.
    if (switched) this.runPass('forgetMemory');
  }

  /** Respawn region, normally the visible view. Particles in place stay until they leave it. */
  setSpawnBox(box: SpawnBox): void {
    this.settings.spawnBox = { ...box };
    this.writeParams();
  }

  /** Rebirth every this many steps, at a per-particle phase; Infinity or 0 switches it off. */
  setMaxAge(steps: number): void {
    this.settings.maxAge = steps;
    this.writeParams();
    this.settingsChanged = true;
  }

  setRespawn(rules: RespawnRules): void {
    this.settings.respawnOutside = rules.outsideBox;
    this.settings.respawnNonFinite = rules.nonFinite;
    this.writeParams();
    this.settingsChanged = true;
  }

  /**
   * Resolves once frames run the pipeline specialised for the current settings; until then
   * (a few frames after a change of loss, optimiser or rule) the general pipeline runs them.
   * Rejects if that pipeline failed to compile.
   */
  async ready(): Promise<void> {
    this.choosePipeline();
    await this.specializing;
  }

  /** Places every particle: (theta, psi) pairs, one per particle, as fresh training runs. */
  setPositions(starts: Float32Array<ArrayBuffer>): void {
    if (starts.length !== 2 * this.particles) {
      throw new RangeError(`setPositions: ${this.particles} particles need ${2 * this.particles}`);
    }
    this.device.queue.writeBuffer(this.positions, 0, starts);
    this.device.queue.writeBuffer(this.trailStarts, 0, starts);
    this.runPass('forgetMemory');
  }

  /**
   * `steps` optimiser steps for every particle in one dispatch; also writes trailStarts.
   * `timestampWrites` times the pass (the in-browser benchmark).
   */
  encodeFrame(
    encoder: GPUCommandEncoder,
    steps: number,
    timestampWrites?: GPUComputePassTimestampWrites,
  ): void {
    if (!Number.isInteger(steps) || steps < 0 || steps > 0xffffffff) {
      throw new RangeError(`encodeFrame: steps must be a non-negative integer, got ${steps}`);
    }
    const frame = this.frameBindGroup(steps);
    const pass = encoder.beginComputePass({ label: 'integrate', timestampWrites });
    pass.setBindGroup(0, this.particleBindGroup);
    pass.setBindGroup(1, frame);
    this.choosePipeline();
    pass.setPipeline(this.integrate);
    pass.dispatchWorkgroups(...this.workgroups);
    pass.setPipeline(this.pipelines.advanceClock);
    pass.dispatchWorkgroups(1);
    pass.end();
  }

  /** Re-seeds every particle uniformly in the spawn box and zeroes the clock and the count. */
  reset(): void {
    this.writeParams();
    this.device.queue.writeBuffer(this.counters, 0, new Uint32Array(COUNTERS_SIZE / 4));
    this.runPass('spawnAll');
  }

  async readPositions(): Promise<Float32Array> {
    return new Float32Array(await this.readBuffer(this.positions));
  }

  /** Respawns caused by a non-finite state since the last reset. */
  async readRespawnCount(): Promise<number> {
    return new Uint32Array(await this.readBuffer(this.counters))[1];
  }

  destroy(): void {
    for (const buffer of [
      this.positions,
      this.trailStarts,
      this.memory,
      this.params,
      this.noiseNodes,
      this.counters,
    ]) {
      buffer.destroy();
    }
    for (const { buffer } of this.frameBindGroups.values()) buffer.destroy();
    this.frameBindGroups.clear();
  }

  /** One per-particle pass of its own, submitted now. */
  private runPass(entryPoint: 'spawnAll' | 'forgetMemory'): void {
    const encoder = this.device.createCommandEncoder({ label: entryPoint });
    const pass = encoder.beginComputePass({ label: entryPoint });
    pass.setBindGroup(0, this.particleBindGroup);
    pass.setBindGroup(1, this.frameBindGroup(0));
    pass.setPipeline(this.pipelines[entryPoint]);
    pass.dispatchWorkgroups(...this.workgroups);
    pass.end();
    this.device.queue.submit([encoder.finish()]);
  }

  /** The specialised pipeline if compiled; else the general one, while it compiles. */
  private choosePipeline(): void {
    if (!this.settingsChanged || !this.specialize) return;
    this.settingsChanged = false;
    const specialization = integratorSpecialization(this.config, this.settings);
    const key = specializationKey(specialization);
    if (key === this.wantedKey) return;
    this.wantedKey = key;

    const compiled = this.pipelines.compiled.get(key);
    if (compiled) {
      this.integrate = compiled;
      this.specializing = Promise.resolve();
      return;
    }
    this.integrate = this.pipelines.integrate;
    this.specializing = compileIntegrator(this.device, this.pipelines, specialization, key).then(
      (pipeline) => {
        if (this.wantedKey === key) this.integrate = pipeline;
      },
    );
    // A failed compilation leaves the general pipeline running; ready() reports it.
    this.specializing.catch(() => undefined);
  }

  private writeParams(): void {
    this.device.queue.writeBuffer(this.params, 0, packParams(this.config, this.settings));
  }

  // The step count of a frame lives in its own immutable uniform, not in a buffer rewritten
  // per frame, so frames encoded into one submission each keep their own count.
  private frameBindGroup(steps: number): GPUBindGroup {
    const cached = this.frameBindGroups.get(steps);
    if (cached) return cached.bindGroup;
    if (this.frameBindGroups.size >= FRAME_CACHE_SIZE) this.forgetFrameBindGroups();

    const buffer = this.device.createBuffer({
      label: `frame ${steps}`,
      size: 16,
      usage: GPUBufferUsage.UNIFORM,
      mappedAtCreation: true,
    });
    new Uint32Array(buffer.getMappedRange())[0] = steps;
    buffer.unmap();
    const bindGroup = this.device.createBindGroup({
      label: `frame ${steps}`,
      layout: this.pipelines.frameLayout,
      entries: [{ binding: 0, resource: { buffer } }],
    });
    this.frameBindGroups.set(steps, { bindGroup, buffer });
    return bindGroup;
  }

  /**
   * Empties the cache, and frees its uniforms once the work submitted so far is done: the frame
   * being encoded, submitted in the same task, may use them too.
   */
  private forgetFrameBindGroups(): void {
    const buffers = [...this.frameBindGroups.values()].map(({ buffer }) => buffer);
    this.frameBindGroups.clear();
    this.device.queue.onSubmittedWorkDone().then(
      () => buffers.forEach((buffer) => buffer.destroy()),
      () => {},
    );
  }

  private async readBuffer(source: GPUBuffer): Promise<ArrayBuffer> {
    const staging = this.device.createBuffer({
      label: `read ${source.label}`,
      size: source.size,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const encoder = this.device.createCommandEncoder({ label: `read ${source.label}` });
    encoder.copyBufferToBuffer(source, 0, staging, 0, source.size);
    this.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const copy = staging.getMappedRange().slice(0);
    staging.destroy();
    return copy;
  }
}

function pipelinesFor(device: GPUDevice, shaders: ShaderLibrary): Pipelines {
  const source = integratorSource(shaders);
  let perDevice = pipelineCache.get(device);
  if (!perDevice) {
    perDevice = new Map();
    pipelineCache.set(device, perDevice);
  }
  const cached = perDevice.get(source);
  if (cached) return cached;

  // params, noiseNodes, positions, memory, trailStarts, counters: as in the WGSL.
  const types: GPUBufferBindingType[] = [
    'uniform',
    'read-only-storage',
    'storage',
    'storage',
    'storage',
    'storage',
  ];
  const particleLayout = device.createBindGroupLayout({
    label: 'particles',
    entries: types.map((type, binding) => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type },
    })),
  });
  const frameLayout = device.createBindGroupLayout({
    label: 'frame',
    entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } }],
  });
  const layout = device.createPipelineLayout({
    label: 'integrator',
    bindGroupLayouts: [particleLayout, frameLayout],
  });
  const module = device.createShaderModule({ label: 'integrator', code: source });
  const pipeline = (entryPoint: string, constants?: Specialization) =>
    device.createComputePipeline({
      label: entryPoint,
      layout,
      compute: { module, entryPoint, constants },
    });

  const pipelines: Pipelines = {
    integrate: pipeline('integrate', GENERAL_INTEGRATOR),
    advanceClock: pipeline('advanceClock'),
    spawnAll: pipeline('spawnAll'),
    forgetMemory: pipeline('forgetMemory'),
    particleLayout,
    frameLayout,
    module,
    layout,
    specialized: new Map(),
    compiled: new Map(),
  };
  perDevice.set(source, pipelines);
  return pipelines;
}

/** The `integrate` pipeline for one specialisation, compiled without blocking the queue. */
function compileIntegrator(
  device: GPUDevice,
  pipelines: Pipelines,
  specialization: Specialization,
  key: string,
): Promise<GPUComputePipeline> {
  let pending = pipelines.specialized.get(key);
  if (!pending) {
    pending = device
      .createComputePipelineAsync({
        label: `integrate ${key}`,
        layout: pipelines.layout,
        compute: { module: pipelines.module, entryPoint: 'integrate', constants: specialization },
      })
      .then((pipeline) => {
        pipelines.compiled.set(key, pipeline);
        return pipeline;
      });
    pipelines.specialized.set(key, pending);
  }
  return pending;
}
