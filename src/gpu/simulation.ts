// The particle integrator on the GPU: one particle per training run, advanced by the optimiser
// of the panel's Config in one compute dispatch per frame. Shared by the app, the CLI and the
// benchmark; the WGSL sources come in as an argument.
import { type Config, cloneConfig, defaultConfig } from '../model/config.ts';
import { WORKGROUP_SIZE, maxParticles } from './limits.ts';
import { type ShaderLibrary, integratorSource } from './shader-library.ts';
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

interface Pipelines {
  integrate: GPUComputePipeline;
  advanceClock: GPUComputePipeline;
  spawnAll: GPUComputePipeline;
  forgetMemory: GPUComputePipeline;
  particleLayout: GPUBindGroupLayout;
  frameLayout: GPUBindGroupLayout;
}

// Compiling the integrator is slow on software adapters: once per device and source.
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
  private readonly frameBindGroups = new Map<number, GPUBindGroup>();
  private readonly workgroups: [number, number];
  private config: Config = defaultConfig();
  private readonly settings: ParticleSettings;

  private constructor(
    private readonly device: GPUDevice,
    private readonly pipelines: Pipelines,
    particles: number,
    seed: number,
  ) {
    this.particles = particles;
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

    // 2-D dispatch: x up to the per-dimension limit, then rows; the shader guards the index.
    const total = Math.ceil(particles / WORKGROUP_SIZE);
    const columns = Math.min(total, device.limits.maxComputeWorkgroupsPerDimension);
    this.workgroups = [columns, Math.ceil(total / columns)];
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
    );
    simulation.reset();
    return simulation;
  }

  setConfig(config: Config): void {
    const switched = config.optimizer.optimizer !== this.config.optimizer.optimizer;
    this.config = cloneConfig(config);
    this.writeParams();
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
  }

  setRespawn(rules: RespawnRules): void {
    this.settings.respawnOutside = rules.outsideBox;
    this.settings.respawnNonFinite = rules.nonFinite;
    this.writeParams();
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
    pass.setPipeline(this.pipelines.integrate);
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

  private writeParams(): void {
    this.device.queue.writeBuffer(this.params, 0, packParams(this.config, this.settings));
  }

  // The step count of a frame lives in its own immutable uniform, not in a buffer rewritten
  // per frame, so frames encoded into one submission each keep their own count.
  private frameBindGroup(steps: number): GPUBindGroup {
    const cached = this.frameBindGroups.get(steps);
    if (cached) return cached;
    if (this.frameBindGroups.size >= FRAME_CACHE_SIZE) this.frameBindGroups.clear();

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
    this.frameBindGroups.set(steps, bindGroup);
    return bindGroup;
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
  const pipeline = (entryPoint: string) =>
    device.createComputePipeline({ label: entryPoint, layout, compute: { module, entryPoint } });

  const pipelines: Pipelines = {
    integrate: pipeline('integrate'),
    advanceClock: pipeline('advanceClock'),
    spawnAll: pipeline('spawnAll'),
    forgetMemory: pipeline('forgetMemory'),
    particleLayout,
    frameLayout,
  };
  perDevice.set(source, pipelines);
  return pipelines;
}
