// Everything that lives on the GPU device: per panel a particle simulation, its birthplaces and
// a trail renderer on the panel's canvas, all advanced and drawn in one command encoder per
// frame. A lost device is replaced by building a new scene from the settings.
import { type Config, type Optimizer, cloneConfig } from '../model/config.ts';
import { maxParticles } from '../gpu/limits.ts';
import { ParticleOrigins } from '../gpu/particle-origins.ts';
import { ParticleSimulation } from '../gpu/simulation.ts';
import { type ColormapName } from './colormaps.ts';
import { messageOf } from './gpu-context.ts';
import { COLOR_MODES, type ColorMode } from './settings.ts';
import { ORIGINS_SHADER, RENDER_SHADERS, SIMULATION_SHADERS } from './shaders.ts';
import { TrailRenderer } from './trail-renderer.ts';
import { type View } from './view.ts';

// Particles are reborn after this many frames, so that a converging flow keeps drawing lines
// all over the view instead of collapsing into the equilibrium.
const LIFETIME_FRAMES = 150;

// Colour midpoints as a fraction of the view's half height: the field grows with the distance
// from the equilibrium, so the colour scale follows the zoom.
const SPEED_HALF_PER_HALF_HEIGHT = 0.25;
const DISTANCE_HALF_PER_HALF_HEIGHT = 0.5;

/** How far one step moves each coordinate per unit of velocity. */
export function stepSize(optimizer: Optimizer): [number, number] {
  switch (optimizer.optimizer) {
    case 'flow':
    case 'euler':
      return [optimizer.dt, optimizer.dt];
    case 'altgd':
      return [optimizer.lrG, optimizer.lrD * optimizer.dSteps];
    default:
      return [optimizer.lrG, optimizer.lrD];
  }
}

/** What a panel needs to be built: where it draws, what it simulates, what it shows. */
export interface PanelSetup {
  context: GPUCanvasContext;
  config: Config;
  view: View;
  /** Canvas size in device pixels. */
  width: number;
  height: number;
}

/** How every panel shows its particles. */
export interface Appearance {
  stepsPerFrame: number;
  colormap: ColormapName;
  colorBy: ColorMode;
}

/**
 * GPU timestamps a frame writes per panel (the in-browser benchmark): at panel i, 4i and 4i + 1
 * when its integration pass begins and ends, 4i + 2 and 4i + 3 when its trails pass begins and
 * its present pass ends.
 */
export const TIMESTAMPS_PER_PANEL = 4;

export interface FrameRequest {
  /** Optimiser steps to take; 0 redraws the last frame's segments. */
  steps: number;
  fade: number;
  /** One per panel. */
  views: View[];
  /** The equilibrium of each panel's method, for colouring by distance. */
  equilibria: [number, number][];
}

class PanelScene {
  readonly simulation: ParticleSimulation;
  readonly origins: ParticleOrigins;
  readonly renderer: TrailRenderer;
  private config: Config;
  private lastSteps = 1;

  constructor(device: GPUDevice, setup: PanelSetup, particles: number, appearance: Appearance) {
    const format = navigator.gpu.getPreferredCanvasFormat();
    // Premultiplied: the canvas is transparent where there are no trails (a heat map may show).
    setup.context.configure({ device, format, alphaMode: 'premultiplied' });
    this.config = cloneConfig(setup.config);
    this.simulation = ParticleSimulation.create(device, SIMULATION_SHADERS, { particles });
    this.origins = new ParticleOrigins(device, this.simulation, ORIGINS_SHADER);
    this.renderer = new TrailRenderer(device, setup.context, format, RENDER_SHADERS);
    this.simulation.setConfig(this.config);
    this.simulation.setMaxAge(appearance.stepsPerFrame * LIFETIME_FRAMES);
    this.simulation.setSpawnBox(setup.view.visibleBox());
    this.simulation.reset();
    this.origins.restartNow();
    this.renderer.setParticles(
      this.simulation.trailStarts,
      this.simulation.positions,
      this.origins.origins,
      this.simulation.particles,
    );
    this.renderer.setColormap(appearance.colormap);
    this.renderer.resize(setup.width, setup.height);
  }

  setConfig(config: Config): void {
    this.config = cloneConfig(config);
    this.simulation.setConfig(this.config);
    this.renderer.clear();
  }

  reset(): void {
    this.simulation.reset();
    this.origins.restartNow();
    this.renderer.clear();
  }

  /** The optimiser steps of a frame; `timestamps` gets the integration pass's begin and end. */
  encodeSteps(
    encoder: GPUCommandEncoder,
    request: FrameRequest,
    index: number,
    colorBy: ColorMode,
    timestamps?: GPUQuerySet,
  ): void {
    // A panel the page no longer shows, while its replacement is being built.
    if (!request.views[index]) return;
    const trackOrigins = colorBy === 'start' && request.steps > 0;
    if (trackOrigins) this.origins.encodeBeforeFrame(encoder);
    if (request.steps > 0) {
      const first = TIMESTAMPS_PER_PANEL * index;
      this.simulation.encodeFrame(
        encoder,
        request.steps,
        timestamps && {
          querySet: timestamps,
          beginningOfPassWriteIndex: first,
          endOfPassWriteIndex: first + 1,
        },
      );
      this.lastSteps = request.steps;
    }
    if (trackOrigins) this.origins.encodeAfterFrame(encoder);
  }

  /** Trails and present; `timestamps` gets the trails pass's begin and the present's end. */
  encodeDrawing(
    encoder: GPUCommandEncoder,
    request: FrameRequest,
    index: number,
    colorBy: ColorMode,
    timestamps?: GPUQuerySet,
  ): void {
    const view = request.views[index];
    if (!view) return;
    const first = TIMESTAMPS_PER_PANEL * index;
    const [thetaStep, psiStep] = stepSize(this.config.optimizer);
    this.renderer.encodeTrails(
      encoder,
      {
        view: view.matrix(),
        stepScale: [thetaStep * this.lastSteps, psiStep * this.lastSteps],
        speedHalf: SPEED_HALF_PER_HALF_HEIGHT * view.halfHeight,
        fade: request.steps > 0 ? request.fade : 0,
        colorBy: COLOR_MODES.indexOf(colorBy),
        distanceHalf: DISTANCE_HALF_PER_HALF_HEIGHT * view.halfHeight,
        equilibrium: request.equilibria[index] ?? [0, 0],
        originCenter: view.center,
        originHalf: [view.halfWidth, view.halfHeight],
      },
      timestamps && { querySet: timestamps, beginningOfPassWriteIndex: first + 2 },
    );
    this.renderer.encodePresent(
      encoder,
      timestamps && { querySet: timestamps, endOfPassWriteIndex: first + 3 },
    );
  }

  destroy(): void {
    this.origins.destroy();
    this.simulation.destroy();
    this.renderer.destroy();
  }
}

export class GpuScene {
  readonly maxParticles: number;
  private panels: PanelScene[] = [];

  constructor(
    private readonly device: GPUDevice,
    private appearance: Appearance,
  ) {
    this.maxParticles = maxParticles(device.limits);
  }

  /** Particles simulated in each panel. */
  get particleCounts(): number[] {
    return this.panels.map((panel) => panel.simulation.particles);
  }

  /**
   * Particles of all panels reborn because their state became infinite or NaN, since the last
   * reset. The copies are submitted now, after the frames already submitted; not for a frame
   * to wait on.
   */
  async readRespawnCount(): Promise<number> {
    const counts = await Promise.all(
      this.panels.map((panel) => panel.simulation.readRespawnCount()),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /**
   * Replaces every panel by a fresh one with `particles` each (clamped to the device). Keeps the
   * old panels, and throws with a clear message, if the device refuses the new ones.
   */
  async setPanels(setups: PanelSetup[], particles: number): Promise<void> {
    const count = Math.min(particles, this.maxParticles);
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    const panels: PanelScene[] = [];
    let thrown: unknown = null;
    try {
      for (const setup of setups)
        panels.push(new PanelScene(this.device, setup, count, this.appearance));
    } catch (error) {
      thrown = error;
    }
    const [validation, memory] = await Promise.all([
      this.device.popErrorScope(),
      this.device.popErrorScope(),
    ]);
    if (thrown || validation || memory) {
      for (const panel of panels) panel.destroy();
      if (memory) {
        throw new Error(
          `Not enough GPU memory for ${setups.length} x ` +
            `${count.toLocaleString('en-US')} particles.`,
        );
      }
      throw new Error(
        `Could not set up the GPU pipelines: ${thrown ? messageOf(thrown) : validation?.message}`,
      );
    }
    for (const panel of this.panels) panel.destroy();
    this.panels = panels;
  }

  setConfig(index: number, config: Config): void {
    this.panels[index]?.setConfig(config);
  }

  setView(index: number, view: View): void {
    const panel = this.panels[index];
    if (!panel) return;
    panel.simulation.setSpawnBox(view.visibleBox());
    panel.renderer.clear();
  }

  resize(index: number, width: number, height: number): void {
    this.panels[index]?.renderer.resize(width, height);
  }

  setStepsPerFrame(steps: number): void {
    this.appearance = { ...this.appearance, stepsPerFrame: steps };
    for (const panel of this.panels) panel.simulation.setMaxAge(steps * LIFETIME_FRAMES);
  }

  setColormap(name: ColormapName): void {
    this.appearance = { ...this.appearance, colormap: name };
    for (const panel of this.panels) panel.renderer.setColormap(name);
  }

  /** Colouring by starting point begins with the particles' present positions as starts. */
  setColorBy(mode: ColorMode): void {
    if (mode === 'start' && this.appearance.colorBy !== 'start') {
      for (const panel of this.panels) panel.origins.restartNow();
    }
    this.appearance = { ...this.appearance, colorBy: mode };
    for (const panel of this.panels) panel.renderer.clear();
  }

  reset(): void {
    for (const panel of this.panels) panel.reset();
  }

  /** Puts every panel's latest trails on its canvas again, unchanged (for a paused export). */
  presentFrame(): void {
    const encoder = this.device.createCommandEncoder({ label: 'present' });
    for (const panel of this.panels) panel.renderer.encodePresent(encoder);
    this.device.queue.submit([encoder.finish()]);
  }

  /**
   * Encodes every panel's steps, trails and present into one command buffer and submits it.
   * `timestamps` (TIMESTAMPS_PER_PANEL per panel) gets the GPU times of the passes.
   */
  renderFrame(request: FrameRequest, timestamps?: GPUQuerySet): void {
    const encoder = this.device.createCommandEncoder({ label: 'frame' });
    const colorBy = this.appearance.colorBy;
    this.panels.forEach((panel, index) => {
      panel.encodeSteps(encoder, request, index, colorBy, timestamps);
      panel.encodeDrawing(encoder, request, index, colorBy, timestamps);
    });
    this.device.queue.submit([encoder.finish()]);
  }

  /**
   * The first half of renderFrame, not submitted: every panel's optimiser steps. With
   * encodeDrawing, each half can be timed on its own where there are no GPU timestamps.
   */
  encodeSteps(request: FrameRequest): GPUCommandBuffer {
    const encoder = this.device.createCommandEncoder({ label: 'frame steps' });
    this.panels.forEach((panel, index) =>
      panel.encodeSteps(encoder, request, index, this.appearance.colorBy),
    );
    return encoder.finish();
  }

  /**
   * The second half of renderFrame, not submitted: every panel's trails and present. Submit it
   * in the same task: the canvas texture it draws into expires at the end of the task.
   */
  encodeDrawing(request: FrameRequest): GPUCommandBuffer {
    const encoder = this.device.createCommandEncoder({ label: 'frame drawing' });
    this.panels.forEach((panel, index) =>
      panel.encodeDrawing(encoder, request, index, this.appearance.colorBy),
    );
    return encoder.finish();
  }

  destroy(): void {
    for (const panel of this.panels) panel.destroy();
    this.panels = [];
  }
}
