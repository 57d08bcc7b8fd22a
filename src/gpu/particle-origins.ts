// Each particle's latest birthplace, kept beside a ParticleSimulation without changing it: a
// copy of the positions before a frame, compared with the trail starts after it.
import { workgroupGrid } from './dispatch.ts';
import { WORKGROUP_SIZE } from './limits.ts';
import { type ParticleSimulation } from './simulation.ts';

const pipelineCache = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

function pipelineFor(device: GPUDevice, source: string): GPUComputePipeline {
  let perDevice = pipelineCache.get(device);
  if (!perDevice) {
    perDevice = new Map();
    pipelineCache.set(device, perDevice);
  }
  let pipeline = perDevice.get(source);
  if (!pipeline) {
    const module = device.createShaderModule({ label: 'particle origins', code: source });
    pipeline = device.createComputePipeline({
      label: 'particle origins',
      layout: 'auto',
      compute: { module, entryPoint: 'trackOrigins' },
    });
    perDevice.set(source, pipeline);
  }
  return pipeline;
}

export class ParticleOrigins {
  /** array<vec2<f32>>: where each particle was last born (or placed); STORAGE and COPY_SRC. */
  readonly origins: GPUBuffer;
  private readonly frameStarts: GPUBuffer;
  private readonly bindGroup: GPUBindGroup;
  private readonly pipeline: GPUComputePipeline;
  private readonly workgroups: [number, number];

  /** `source` is shaders/particle-origins.wgsl. */
  constructor(
    private readonly device: GPUDevice,
    private readonly simulation: ParticleSimulation,
    source: string,
  ) {
    const size = simulation.positions.size;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    this.origins = device.createBuffer({ label: 'origins', size, usage });
    this.frameStarts = device.createBuffer({ label: 'frameStarts', size, usage });
    this.pipeline = pipelineFor(device, source);
    this.bindGroup = device.createBindGroup({
      label: 'particle origins',
      layout: this.pipeline.getBindGroupLayout(0),
      entries: [this.frameStarts, simulation.trailStarts, this.origins].map((buffer, binding) => ({
        binding,
        resource: { buffer },
      })),
    });
    this.workgroups = workgroupGrid(device, simulation.particles, WORKGROUP_SIZE);
  }

  /** Every particle's origin becomes where it stands now (after a reset, or on request). */
  encodeRestart(encoder: GPUCommandEncoder): void {
    encoder.copyBufferToBuffer(this.simulation.positions, 0, this.origins, 0, this.origins.size);
  }

  /** Before the simulation's frame in the same encoder. */
  encodeBeforeFrame(encoder: GPUCommandEncoder): void {
    const { positions } = this.simulation;
    encoder.copyBufferToBuffer(positions, 0, this.frameStarts, 0, this.frameStarts.size);
  }

  /** After the simulation's frame in the same encoder. */
  encodeAfterFrame(encoder: GPUCommandEncoder): void {
    const pass = encoder.beginComputePass({ label: 'particle origins' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    pass.dispatchWorkgroups(...this.workgroups);
    pass.end();
  }

  restartNow(): void {
    const encoder = this.device.createCommandEncoder({ label: 'restart origins' });
    this.encodeRestart(encoder);
    this.device.queue.submit([encoder.finish()]);
  }

  destroy(): void {
    this.origins.destroy();
    this.frameStarts.destroy();
  }
}
