// Flow lines as fading trails: two trail images take turns; each frame the older one is faded
// into the newer, every particle adds the line it travelled, and the result goes to the canvas.
// One renderer per panel; the pipelines are shared by all.
import { type mat3 } from 'gl-matrix';
import { COLORMAP_TEXELS, type ColormapName, colormapTexels } from './colormaps.ts';
import { type RenderShaders } from './shaders.ts';

// Eight bits per channel: half floats double the cost of blending on software rasterisers.
// The fade pass subtracts one level first, so that faint trails still fade out to nothing.
const TRAIL_FORMAT: GPUTextureFormat = 'rgba8unorm';

// Coverage of one segment, times particles per pixel: with more particles each one is fainter,
// so that crowded regions build up brightness instead of saturating.
const OPACITY_PER_PARTICLE_DENSITY = 0.03;
const MIN_OPACITY = 0.005;

// Bytes of TrailUniforms in shaders/render/trail-segments.wgsl.
const UNIFORM_BYTES = 112;

export interface TrailDraw {
  /** (theta, psi) to clip space. */
  view: mat3;
  /** Steps this frame times each coordinate's step size. */
  stepScale: [number, number];
  /** Speed shown in the middle of the colour map. */
  speedHalf: number;
  /** Share of the previous image kept. */
  fade: number;
  /** Index into COLOR_MODES. */
  colorBy: number;
  /** Distance to the equilibrium shown in the middle of the colour map. */
  distanceHalf: number;
  equilibrium: [number, number];
  /** Starting points are coloured by their offset from originCenter in units of originHalf. */
  originCenter: [number, number];
  originHalf: [number, number];
}

interface TrailImage {
  texture: GPUTexture;
  view: GPUTextureView;
  fadeBindGroup: GPUBindGroup;
  presentBindGroup: GPUBindGroup;
}

interface TrailPipelines {
  fade: GPURenderPipeline;
  segments: GPURenderPipeline;
  present: GPURenderPipeline;
}

// Compiling is slow on software adapters: once per device and canvas format, for every panel.
const pipelineCache = new WeakMap<GPUDevice, Map<GPUTextureFormat, TrailPipelines>>();

function trailPipelines(
  device: GPUDevice,
  canvasFormat: GPUTextureFormat,
  shaders: RenderShaders,
): TrailPipelines {
  let perDevice = pipelineCache.get(device);
  if (!perDevice) {
    perDevice = new Map();
    pipelineCache.set(device, perDevice);
  }
  const cached = perDevice.get(canvasFormat);
  if (cached) return cached;

  const fadeModule = device.createShaderModule({ label: 'trail fade', code: shaders.fade });
  const segmentModule = device.createShaderModule({
    label: 'trail segments',
    code: shaders.segments,
  });
  const presentModule = device.createShaderModule({
    label: 'trail present',
    code: shaders.present,
  });
  const pipelines: TrailPipelines = {
    fade: device.createRenderPipeline({
      label: 'trail fade',
      layout: 'auto',
      vertex: { module: fadeModule, entryPoint: 'fullscreenVertex' },
      fragment: {
        module: fadeModule,
        entryPoint: 'fadeFragment',
        // previous * fade, with fade as the blend constant.
        targets: [
          {
            format: TRAIL_FORMAT,
            blend: {
              color: { srcFactor: 'constant', dstFactor: 'zero' },
              alpha: { srcFactor: 'constant', dstFactor: 'zero' },
            },
          },
        ],
      },
    }),
    segments: device.createRenderPipeline({
      label: 'trail segments',
      layout: 'auto',
      vertex: { module: segmentModule, entryPoint: 'segmentVertex' },
      fragment: {
        module: segmentModule,
        entryPoint: 'segmentFragment',
        // Premultiplied "over".
        targets: [
          {
            format: TRAIL_FORMAT,
            blend: {
              color: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha' },
              alpha: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha' },
            },
          },
        ],
      },
      primitive: { topology: 'line-list' },
    }),
    present: device.createRenderPipeline({
      label: 'trail present',
      layout: 'auto',
      vertex: { module: presentModule, entryPoint: 'fullscreenVertex' },
      fragment: {
        module: presentModule,
        entryPoint: 'presentFragment',
        targets: [{ format: canvasFormat }],
      },
    }),
  };
  perDevice.set(canvasFormat, pipelines);
  return pipelines;
}

export class TrailRenderer {
  private readonly pipelines: TrailPipelines;
  private readonly uniformBuffer: GPUBuffer;
  private readonly uniforms = new ArrayBuffer(UNIFORM_BYTES);
  private readonly colormap: GPUTexture;
  private readonly colormapSampler: GPUSampler;
  private images: [TrailImage, TrailImage] | null = null;
  /** Index of the image that holds the latest trails. */
  private latest = 0;
  private empty = true;
  private segmentBindGroup: GPUBindGroup | null = null;
  private particles = 0;
  private width = 0;
  private height = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly context: GPUCanvasContext,
    canvasFormat: GPUTextureFormat,
    shaders: RenderShaders,
  ) {
    this.pipelines = trailPipelines(device, canvasFormat, shaders);
    this.uniformBuffer = device.createBuffer({
      label: 'trail uniforms',
      size: UNIFORM_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.colormap = device.createTexture({
      label: 'colour map',
      size: [COLORMAP_TEXELS, 1],
      format: 'rgba8unorm',
      usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST,
    });
    this.colormapSampler = device.createSampler({ magFilter: 'linear', minFilter: 'linear' });
  }

  setColormap(name: ColormapName): void {
    this.device.queue.writeTexture(
      { texture: this.colormap },
      colormapTexels(name),
      { bytesPerRow: COLORMAP_TEXELS * 4 },
      [COLORMAP_TEXELS, 1],
    );
  }

  /** Binds the particle buffers (array<vec2<f32>>) the segments are read from. */
  setParticles(
    trailStarts: GPUBuffer,
    positions: GPUBuffer,
    origins: GPUBuffer,
    particles: number,
  ): void {
    this.particles = particles;
    this.segmentBindGroup = this.device.createBindGroup({
      label: 'trail segments',
      layout: this.pipelines.segments.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: this.uniformBuffer } },
        { binding: 1, resource: { buffer: trailStarts } },
        { binding: 2, resource: { buffer: positions } },
        { binding: 3, resource: this.colormap.createView() },
        { binding: 4, resource: this.colormapSampler },
        { binding: 5, resource: { buffer: origins } },
      ],
    });
  }

  /** Trail images follow the canvas size in device pixels; resizing clears them. */
  resize(width: number, height: number): void {
    if (this.images && width === this.width && height === this.height) return;
    this.destroyImages();
    this.width = width;
    this.height = height;
    this.images = [this.createImage(), this.createImage()];
    this.empty = true;
  }

  /** The next frame starts from a blank image. */
  clear(): void {
    this.empty = true;
  }

  /**
   * Fades the latest image into the other one and draws this frame's segments on top.
   * `timestampWrites` times the pass (the in-browser benchmark).
   */
  encodeTrails(
    encoder: GPUCommandEncoder,
    draw: TrailDraw,
    timestampWrites?: GPURenderPassTimestampWrites,
  ): void {
    if (!this.images) return;
    const source = this.images[this.latest];
    const target = this.images[1 - this.latest];

    // mat3x3<f32> columns are padded to four floats.
    const floats = new Float32Array(this.uniforms);
    for (let column = 0; column < 3; column++) {
      for (let row = 0; row < 3; row++) {
        floats[4 * column + row] = draw.view[3 * column + row]!;
      }
    }
    const density = this.particles / (this.width * this.height);
    const opacity = Math.min(1, Math.max(MIN_OPACITY, OPACITY_PER_PARTICLE_DENSITY / density));
    floats.set([...draw.stepScale, 2 / this.width, 2 / this.height, draw.speedHalf, opacity], 12);
    new Uint32Array(this.uniforms)[18] = draw.colorBy;
    floats.set(
      [draw.distanceHalf, ...draw.equilibrium, ...draw.originCenter, ...draw.originHalf],
      19,
    );
    this.device.queue.writeBuffer(this.uniformBuffer, 0, this.uniforms);

    const pass = encoder.beginRenderPass({
      label: 'trails',
      timestampWrites,
      colorAttachments: [
        {
          view: target.view,
          clearValue: [0, 0, 0, 0],
          loadOp: 'clear',
          storeOp: 'store',
        },
      ],
    });
    if (!this.empty && draw.fade > 0) {
      pass.setPipeline(this.pipelines.fade);
      pass.setBlendConstant([draw.fade, draw.fade, draw.fade, draw.fade]);
      pass.setBindGroup(0, source.fadeBindGroup);
      pass.draw(3);
    }
    if (this.segmentBindGroup && this.particles > 0) {
      pass.setPipeline(this.pipelines.segments);
      pass.setBindGroup(0, this.segmentBindGroup);
      pass.draw(2 * this.particles);
    }
    pass.end();

    this.latest = 1 - this.latest;
    this.empty = false;
  }

  /** Puts the latest trails (premultiplied, transparent where empty) into the canvas. */
  encodePresent(encoder: GPUCommandEncoder, timestampWrites?: GPURenderPassTimestampWrites): void {
    if (!this.images) return;
    const pass = encoder.beginRenderPass({
      label: 'present',
      timestampWrites,
      colorAttachments: [
        {
          view: this.context.getCurrentTexture().createView(),
          clearValue: [0, 0, 0, 0],
          loadOp: 'clear',
          storeOp: 'store',
        },
      ],
    });
    pass.setPipeline(this.pipelines.present);
    pass.setBindGroup(0, this.images[this.latest].presentBindGroup);
    pass.draw(3);
    pass.end();
  }

  destroy(): void {
    this.destroyImages();
    this.uniformBuffer.destroy();
    this.colormap.destroy();
  }

  private createImage(): TrailImage {
    const texture = this.device.createTexture({
      label: 'trail image',
      size: [this.width, this.height],
      format: TRAIL_FORMAT,
      usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.TEXTURE_BINDING,
    });
    const view = texture.createView();
    return {
      texture,
      view,
      fadeBindGroup: this.device.createBindGroup({
        layout: this.pipelines.fade.getBindGroupLayout(0),
        entries: [{ binding: 0, resource: view }],
      }),
      presentBindGroup: this.device.createBindGroup({
        layout: this.pipelines.present.getBindGroupLayout(0),
        entries: [{ binding: 0, resource: view }],
      }),
    };
  }

  private destroyImages(): void {
    for (const image of this.images ?? []) image.texture.destroy();
    this.images = null;
  }
}
