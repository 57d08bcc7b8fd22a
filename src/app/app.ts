// The running app: settings and panels on the CPU side, a GPU scene built from them, the frame
// loop, and the route from every failure to the page.
import { type Config, cloneConfig, configConflicts } from '../model/config.ts';
import { panelCount } from '../model/layout.ts';
import { type Analysis } from '../reference/analysis.ts';
import type { Vec2 } from '../reference/types.ts';
import { type Validation, gridStarts, validateKernel } from '../gpu/validation.ts';
import { type MapParameter, withParameter } from '../maps/parameters.ts';
import { AnalysisPanel, formatNumber } from './analysis-panel.ts';
import { type Controls, createControls } from './controls.ts';
import { VideoRecorder, canvasBlob, composeComparison, download } from './export.ts';
import { type GpuContext, WebGpuUnavailableError, messageOf, startGpu } from './gpu-context.ts';
import { GpuScene, type PanelSetup } from './gpu-scene.ts';
import { HoverReadout } from './hover-readout.ts';
import { type MapViewKind, MapView } from './maps/map-view.ts';
import { type Page, say } from './page.ts';
import { PanelView } from './panel-view.ts';
import { loweredNotice, recommendParticles } from './particle-budget.ts';
import { type AppSettings, DEFAULT_PARTICLES, particlesPerPanel } from './settings.ts';
import { SIMULATION_SHADERS } from './shaders.ts';
import { TrainingRun } from './training-run.ts';
import { UrlWriter, type ViewState, loadState, stateQuery } from './url-sync.ts';

export type AppState = 'starting' | 'running' | 'paused' | 'unsupported' | 'failed';
type Phase = 'starting' | 'animating' | 'unsupported' | 'failed';

// More losses than this within LOSS_WINDOW_MS: stop rebuilding and say so.
const MAX_LOSSES = 3;
const LOSS_WINDOW_MS = 60_000;
// Weight of the newest frame in the running mean of the frame time.
const FRAME_TIME_SMOOTHING = 0.1;
const STATUS_INTERVAL_MS = 250;
// The non-finite respawn count is read back this often, never awaited by a frame.
const RESPAWN_READ_INTERVAL_MS = 500;
// Frames after a rebuild left out of the particle budget (pipelines compile, caches warm), and
// frames measured for it.
const BUDGET_WARMUP_FRAMES = 2;
const BUDGET_FRAMES = 5;
// Validate: a 32 x 32 grid of starts over the visible region, this many steps.
const VALIDATION_SIDE = 32;
const VALIDATION_STEPS = 100;

export type ValidationReport = Validation & { panel: number };

export class App {
  readonly settings: AppSettings;
  readonly ready: Promise<void>;
  panels: PanelView[] = [];
  /** Frames completed on the GPU since start-up. */
  frame = 0;
  /** Optimiser steps since the particles were last placed. */
  steps = 0;
  /** Running mean of submit-to-completion time of a frame, in milliseconds. */
  frameTimeMs = 0;
  deviceLosses = 0;
  /** Particles of all panels reborn because they blew up (inf or NaN), as last read back. */
  respawns = 0;
  errorMessage: string | null = null;
  adapterIsFallback: boolean | null = null;
  validation: ValidationReport | null = null;
  readonly hover: HoverReadout;
  readonly run: TrainingRun;

  private readonly analysisPanel: AnalysisPanel;
  private readonly controls: Controls;
  private readonly urlWriter: UrlWriter;
  private readonly recorder = new VideoRecorder();
  /** The basin or stability map shown instead of the panels, if any. */
  private mapKind: MapViewKind | null = null;
  private mapView: MapView | null = null;
  private readonly mapContainer = document.createElement('section');
  private phase: Phase = 'starting';
  private gpu: GpuContext | null = null;
  private scene: GpuScene | null = null;
  /** Bumped whenever the scene is replaced, so that late callbacks of an old one are ignored. */
  private generation = 0;
  private frameInFlight = false;
  private redrawRequested = true;
  private stepRequested = false;
  private layersDirty = true;
  private pngRequested = false;
  /** Panel rebuilds run one after the other. */
  private rebuild: Promise<void> = Promise.resolve();
  /** Bumped whenever the panels or their particle budget change. */
  private panelsVersion = 0;
  /** The latest pointer position not yet analysed; undefined when there is none. */
  private pendingHover: { index: number; point: Vec2 | null } | undefined;
  private lossTimes: number[] = [];
  /** Refused entries by control, each with its message. */
  private readonly inputProblems = new Map<string, string>();
  private lastStatusUpdate = 0;
  private lastRespawnRead = 0;
  private respawnReadPending = false;
  /** The user (or the URL) chose the particle count: the app no longer lowers it. */
  private particlesChosen: boolean;
  private budgetVersion = -1;
  private budgetFrames: number[] = [];
  private budgetSkipped = 0;
  /** The frame loop stops while the page is hidden and starts again when it shows. */
  private loopRunning = false;
  private pixelRatio = devicePixelRatio;
  private resolveReady!: () => void;
  private rejectReady!: (error: Error) => void;

  constructor(private readonly page: Page) {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // A page without WebGPU says so itself; an unobserved rejection must not add console noise.
    this.ready.catch(() => {});

    const loaded = loadState(location.search);
    this.settings = loaded.settings;
    this.particlesChosen = new URLSearchParams(location.search).has('particles');
    say(page.urlNotice, loaded.notice);
    this.analysisPanel = new AnalysisPanel(page.analysis);
    this.hover = new HoverReadout(page.hover);
    this.run = new TrainingRun(page.distributions, page.runCaption, page.trajectory);
    this.urlWriter = new UrlWriter(() =>
      stateQuery(
        this.settings,
        this.panels.map((panel) => panel.view),
      ),
    );
    this.controls = createControls(page.controls, this.settings, {
      configChanged: (config) => this.configChanged(config),
      layoutChanged: () => this.layoutChanged(),
      // The selector has already written settings.selected: load that panel's settings.
      selectedChanged: () => {
        const index = this.settings.selected;
        this.controls.showPanel(index, this.panels.length, this.selectedPanel.config);
        this.selectedChanged();
      },
      linkViewsChanged: () => this.linkViewsChanged(),
      stepsPerFrameChanged: () => {
        this.scene?.setStepsPerFrame(this.settings.stepsPerFrame);
        this.urlWriter.schedule();
      },
      particlesChanged: () => {
        this.particlesChosen = true;
        void this.rebuildPanels();
      },
      appearanceChanged: () => this.appearanceChanged(),
      pausedChanged: () => this.showStatus(),
      stepOnce: () => {
        this.settings.paused = true;
        this.stepRequested = true;
      },
      reset: () => {
        this.scene?.reset();
        this.steps = 0;
        this.respawns = 0;
        this.redrawRequested = true;
      },
      copyLink: () => void this.copyLink(),
      exportPng: () => this.exportPng(),
      toggleRecording: () => void this.toggleRecording(),
      validate: () => void this.validate(),
      inputProblem: (key, message) => this.inputProblem(key, message),
      mapChanged: (kind) => this.mapChanged(kind),
    });
    this.mapContainer.dataset.testid = 'maps';
    this.mapContainer.hidden = true;
    page.panels.after(this.mapContainer);

    this.syncPanels(loaded.views);
    this.selectedChanged();
    this.showConflicts();
    this.showPrecisionLimit();
    document.addEventListener('visibilitychange', () => this.startLoop());
  }

  get state(): AppState {
    if (this.phase !== 'animating') return this.phase;
    return this.settings.paused ? 'paused' : 'running';
  }

  get selectedPanel(): PanelView {
    return this.panels[this.settings.selected]!;
  }

  get analysis(): Analysis | null {
    return this.analysisPanel.analysis;
  }

  /** Particles simulated in each panel. */
  get particleCounts(): number[] {
    return this.scene?.particleCounts ?? [];
  }

  get particles(): number {
    return this.particleCounts.reduce((sum, count) => sum + count, 0);
  }

  async start(): Promise<void> {
    this.startLoop();
    await this.buildScene();
  }

  private startLoop(): void {
    if (this.loopRunning || document.visibilityState === 'hidden') return;
    this.loopRunning = true;
    requestAnimationFrame(this.tick);
  }

  private inputProblem(key: string, message: string | null): void {
    if (message) this.inputProblems.set(key, message);
    else this.inputProblems.delete(key);
    say(this.page.inputError, [...this.inputProblems.values()].join(' ') || null);
  }

  /** Makes the panels on the page match settings.panels, keeping the ones that stay. */
  private syncPanels(views: ViewState[] = []): void {
    const { panels: configs, selected } = this.settings;
    while (this.panels.length > configs.length) this.panels.pop()!.destroy();
    const source = this.panels[selected]?.view ?? views[0];
    for (let index = this.panels.length; index < configs.length; index++) {
      const panel = new PanelView(index, cloneConfig(configs[index]!), {
        viewChanged: (i) => this.viewChanged(i),
        resized: (i) => this.resized(i),
        hover: (i, point) => (this.pendingHover = { index: i, point }),
        click: (i, point) => this.clicked(i, point),
        select: (i) => this.select(i),
      });
      const view = views[index] ?? source;
      if (view) panel.view.copyFrom(view);
      this.page.panels.append(panel.root);
      this.panels.push(panel);
    }
    this.page.panels.dataset.layout = this.settings.layout;
    this.panelsVersion++;
    this.layersDirty = true;
  }

  private layoutChanged(): void {
    const count = panelCount(this.settings.layout);
    const configs = this.settings.panels;
    // New panels start as copies of the selected one, ready to differ in one setting.
    const source = configs[this.settings.selected]!;
    while (configs.length < count) configs.push(cloneConfig(source));
    configs.length = count;
    this.settings.selected = Math.min(this.settings.selected, count - 1);
    this.syncPanels();
    this.controls.showPanel(this.settings.selected, count, this.selectedPanel.config);
    this.selectedChanged();
    this.showConflicts();
    this.run.update(configs, performance.now());
    void this.rebuildPanels();
  }

  private select(index: number): void {
    if (index === this.settings.selected) return;
    this.settings.selected = index;
    this.controls.showPanel(index, this.panels.length, this.selectedPanel.config);
    this.selectedChanged();
  }

  private selectedChanged(): void {
    const selected = this.settings.selected;
    this.panels.forEach((panel, index) => panel.setSelected(index === selected));
    this.analysisPanel.update(this.selectedPanel.config);
    this.page.analysisPanel.textContent = String(selected + 1);
    this.showMap();
    this.urlWriter.schedule();
  }

  private mapChanged(kind: MapViewKind | null): void {
    this.mapKind = kind;
    // The panels keep their size rules; the map takes their place while it shows.
    this.page.panels.style.display = kind === null ? '' : 'none';
    this.redrawRequested = true;
    this.showMap();
  }

  /** The selected panel's map, restarted for its config and visible window. */
  private showMap(): void {
    const panel = this.panels[this.settings.selected];
    if (panel) this.mapView?.show(this.mapKind, panel.config, panel.view.visibleBox());
  }

  /** A click on the stability map: the selected panel takes those parameters. */
  private pickParameters(values: Partial<Record<MapParameter, number>>): void {
    let config = this.selectedPanel.config;
    for (const [parameter, value] of Object.entries(values)) {
      config = withParameter(config, parameter as MapParameter, value);
    }
    this.controls.showPanel(this.settings.selected, this.panels.length, config);
    this.configChanged(config);
  }

  private configChanged(config: Config): void {
    const index = this.settings.selected;
    this.settings.panels[index] = cloneConfig(config);
    this.panels[index]!.setConfig(cloneConfig(config));
    this.scene?.setConfig(index, config);
    this.mapView?.setConfig(config);
    this.analysisPanel.update(config);
    this.showConflicts();
    this.run.update(this.settings.panels, performance.now());
    this.layersDirty = true;
    this.redrawRequested = true;
    this.urlWriter.schedule();
  }

  private showConflicts(): void {
    const messages = this.settings.panels.flatMap((config, index) =>
      configConflicts(config).map((conflict) => `panel ${index + 1}: ${conflict}`),
    );
    say(
      this.page.conflicts,
      messages.length ? `Conflicting settings: ${messages.join('; ')}.` : null,
    );
  }

  private linkViewsChanged(): void {
    if (this.settings.linkViews) this.viewChanged(this.settings.selected);
    this.urlWriter.schedule();
  }

  private viewChanged(index: number): void {
    const source = this.panels[index]!.view;
    const changed = this.settings.linkViews ? this.panels : [this.panels[index]!];
    for (const panel of changed) {
      if (panel.index !== index) panel.view.copyFrom(source);
      this.scene?.setView(panel.index, panel.view);
    }
    this.mapView?.setView(this.selectedPanel.view.visibleBox());
    this.showPrecisionLimit();
    this.layersDirty = true;
    this.redrawRequested = true;
    this.urlWriter.schedule();
  }

  private showPrecisionLimit(): void {
    const limited = this.panels.some((panel) => panel.view.precisionLimited);
    this.inputProblem(
      'zoom',
      limited
        ? 'Zoom limited by f32 precision at this offset: the particles cannot resolve a ' +
            'smaller window so far from (0, 0).'
        : null,
    );
  }

  /** Says so when the device holds fewer particles per panel than the settings ask for. */
  private showParticleLimit(scene: GpuScene): void {
    const wanted = particlesPerPanel(this.settings);
    const held = Math.min(...scene.particleCounts);
    this.inputProblem(
      'particles',
      held < wanted
        ? `${wanted.toLocaleString('en-US')} particles per panel do not fit this GPU's ` +
            `buffers: ${held.toLocaleString('en-US')} each.`
        : null,
    );
  }

  private resized(index: number): void {
    const panel = this.panels[index];
    if (!panel?.size) return;
    this.scene?.resize(index, panel.size.pixelWidth, panel.size.pixelHeight);
    this.scene?.setView(index, panel.view);
    this.layersDirty = true;
    this.redrawRequested = true;
  }

  private clicked(index: number, point: Vec2): void {
    this.select(index);
    this.run.begin(point, this.settings.panels, index, performance.now());
  }

  private appearanceChanged(): void {
    this.scene?.setColormap(this.settings.colormap);
    this.scene?.setColorBy(this.settings.colorBy);
    this.layersDirty = true;
    this.redrawRequested = true;
    this.urlWriter.schedule();
  }

  private panelSetups(): PanelSetup[] {
    return this.panels.map((panel) => {
      const context = panel.canvas.getContext('webgpu');
      if (!context) throw new WebGpuUnavailableError('The canvas refused a WebGPU context.');
      const size = panel.measure();
      return {
        context,
        config: this.settings.panels[panel.index]!,
        view: panel.view,
        width: size.pixelWidth,
        height: size.pixelHeight,
      };
    });
  }

  /** New GPU panels for the present layout and particle budget, after any rebuild under way. */
  private rebuildPanels(): Promise<void> {
    this.panelsVersion++;
    this.urlWriter.schedule();
    this.rebuild = this.rebuild.then(async () => {
      const scene = this.scene;
      if (!scene) return;
      try {
        await scene.setPanels(this.panelSetups(), particlesPerPanel(this.settings));
        this.showParticleLimit(scene);
      } catch (error) {
        this.inputProblem('particles', messageOf(error));
      }
      this.steps = 0;
      this.respawns = 0;
      this.redrawRequested = true;
      this.showStatus();
    });
    return this.rebuild;
  }

  private async buildScene(): Promise<void> {
    this.generation++;
    this.frameInFlight = false;
    try {
      const gpu = await startGpu({
        onError: (message) => this.showError(message),
        onLost: (message) => this.deviceLost(message),
      });
      this.gpu = gpu;
      this.adapterIsFallback = gpu.adapter.info.isFallbackAdapter ?? null;
      PanelView.maxPixels = gpu.device.limits.maxTextureDimension2D;

      const scene = new GpuScene(gpu.device, {
        stepsPerFrame: this.settings.stepsPerFrame,
        colormap: this.settings.colormap,
        colorBy: this.settings.colorBy,
      });
      const version = this.panelsVersion;
      await scene.setPanels(this.panelSetups(), particlesPerPanel(this.settings));
      this.controls.limitParticles(scene.maxParticles);
      this.showParticleLimit(scene);
      this.scene = scene;
      // Settings changed while the scene was being built: apply them now.
      if (version !== this.panelsVersion) void this.rebuildPanels();
      for (const panel of this.panels) {
        scene.setConfig(panel.index, panel.config);
        scene.setView(panel.index, panel.view);
      }
      this.appearanceChanged();
      scene.setStepsPerFrame(this.settings.stepsPerFrame);
      void this.mapView?.stop();
      this.mapView = new MapView({
        device: gpu.device,
        shaders: SIMULATION_SHADERS,
        container: this.mapContainer,
        onPickParameters: (values) => this.pickParameters(values),
      });
      this.showMap();
      this.steps = 0;
      this.respawns = 0;
      this.redrawRequested = true;
      this.phase = 'animating';
      this.showStatus();
    } catch (error) {
      this.gpu?.release();
      this.gpu = null;
      if (error instanceof WebGpuUnavailableError) this.unsupported(error.message);
      else this.fail(messageOf(error));
    }
  }

  private deviceLost(message: string): void {
    this.deviceLosses++;
    this.scene = null;
    this.gpu = null;
    const now = performance.now();
    this.lossTimes = [...this.lossTimes.filter((t) => now - t < LOSS_WINDOW_MS), now];
    if (this.lossTimes.length > MAX_LOSSES) {
      this.fail(`The GPU device was lost ${this.lossTimes.length} times in a minute (${message}).`);
      return;
    }
    say(
      this.page.notice,
      `The GPU device was lost (${message.replace(/\.$/, '')}); ` +
        'it was rebuilt with the same settings.',
    );
    this.phase = 'starting';
    void this.buildScene();
  }

  private readonly tick = (): void => {
    // A hidden page does no GPU work; visibilitychange starts the loop again. Frames take a
    // fixed number of steps, so there is no catching up afterwards.
    if (document.visibilityState === 'hidden') {
      this.loopRunning = false;
      return;
    }
    requestAnimationFrame(this.tick);
    const now = performance.now();
    if (devicePixelRatio !== this.pixelRatio) {
      this.pixelRatio = devicePixelRatio;
      for (const panel of this.panels) panel.refreshSize();
    }
    this.drawOverlays(now);

    const scene = this.scene;
    const gpu = this.gpu;
    // While a map shows, the GPU is the map's.
    if (!scene || !gpu || this.frameInFlight || this.mapKind !== null) return;
    let steps = 0;
    if (this.stepRequested) steps = 1;
    else if (!this.settings.paused) steps = this.settings.stepsPerFrame;
    if (steps === 0 && !this.redrawRequested && !this.pngRequested) return;
    this.stepRequested = false;

    const generation = this.generation;
    const redraw = this.redrawRequested;
    this.redrawRequested = false;
    try {
      // An export while paused shows the trails as they are, not one redrawn frame.
      if (steps === 0 && !redraw) {
        scene.presentFrame();
      } else {
        scene.renderFrame({
          steps,
          fade: this.settings.fade,
          views: this.panels.map((panel) => panel.view),
          equilibria: this.panels.map((panel) => panel.analysis.point),
        });
      }
    } catch (error) {
      this.fail(messageOf(error));
      return;
    }
    // A WebGPU canvas can be copied only in the task that rendered it.
    if (this.pngRequested) this.savePng();
    if (this.recorder.recording) composeComparison(this.page.panels, this.recorder.canvas);

    this.frameInFlight = true;
    gpu.device.queue.onSubmittedWorkDone().then(
      () => {
        if (generation !== this.generation) return;
        this.frameInFlight = false;
        this.frameCompleted(steps, performance.now() - now);
      },
      () => {},
    );
  };

  /** The 2-D layers: hover readout, heat map, quiver, nullclines and the highlighted run. */
  private drawOverlays(now: number): void {
    const hover = this.pendingHover;
    if (hover !== undefined) {
      this.pendingHover = undefined;
      if (hover.point) this.hover.show(hover.index, this.panels[hover.index]!.config, hover.point);
      else this.hover.clear();
    }
    if (this.layersDirty) {
      this.layersDirty = false;
      for (const panel of this.panels) panel.drawLayers(this.settings);
    }
    for (const panel of this.panels) panel.drawRun(this.run, now);
    if (this.run.active) this.run.drawDistributions(now);
  }

  private frameCompleted(steps: number, milliseconds: number): void {
    this.frame++;
    this.steps += steps;
    this.frameTimeMs =
      this.frame === 1
        ? milliseconds
        : this.frameTimeMs + FRAME_TIME_SMOOTHING * (milliseconds - this.frameTimeMs);
    if (this.frame === 1) this.resolveReady();
    this.adaptParticles(steps, milliseconds);
    this.readRespawns();
    if (performance.now() - this.lastStatusUpdate > STATUS_INTERVAL_MS) this.showStatus();
  }

  /**
   * Until the user picks a count, lowers the default one to what keeps frames interactive on
   * this adapter, judged from a few frames after each rebuild (the first ones compile and warm).
   */
  private adaptParticles(steps: number, milliseconds: number): void {
    if (this.particlesChosen || steps === 0) return;
    if (this.budgetVersion !== this.panelsVersion) {
      this.budgetVersion = this.panelsVersion;
      this.budgetFrames = [];
      this.budgetSkipped = 0;
    }
    if (this.budgetSkipped < BUDGET_WARMUP_FRAMES) {
      this.budgetSkipped++;
      return;
    }
    this.budgetFrames.push(milliseconds);
    if (this.budgetFrames.length < BUDGET_FRAMES) return;

    const current = this.settings.particles;
    const next = recommendParticles({
      current,
      frameTimesMs: this.budgetFrames,
      ceiling: DEFAULT_PARTICLES,
    });
    this.budgetFrames = [];
    if (next >= current) {
      this.particlesChosen = true;
      return;
    }
    this.settings.particles = next;
    this.controls.showParticles();
    say(this.page.notice, loweredNotice(next));
    void this.rebuildPanels();
  }

  /** Starts a read-back of the respawn count if none is pending and the last is old enough. */
  private readRespawns(): void {
    const scene = this.scene;
    const now = performance.now();
    if (!scene || this.respawnReadPending || now - this.lastRespawnRead < RESPAWN_READ_INTERVAL_MS)
      return;
    this.respawnReadPending = true;
    this.lastRespawnRead = now;
    const generation = this.generation;
    const version = this.panelsVersion;
    scene.readRespawnCount().then(
      (count) => {
        this.respawnReadPending = false;
        // A count from panels since replaced is dropped; one from just before a reset is
        // replaced by the next read.
        if (generation === this.generation && version === this.panelsVersion) this.respawns = count;
      },
      () => {
        // The device went away during the read: the loss handler rebuilds.
        this.respawnReadPending = false;
      },
    );
  }

  private exportPng(): void {
    this.pngRequested = true;
    // Without a GPU scene there is no frame to wait for: the 2-D layers alone.
    if (!this.scene) this.savePng();
  }

  private savePng(): void {
    this.pngRequested = false;
    const canvas = document.createElement('canvas');
    composeComparison(this.page.panels, canvas);
    canvasBlob(canvas, 'image/png').then(
      (blob) => {
        download(blob, 'ganflow-comparison.png');
        say(this.page.shareStatus, `Exported a ${canvas.width} x ${canvas.height} PNG.`);
      },
      (error) => say(this.page.shareStatus, messageOf(error)),
    );
  }

  private async toggleRecording(): Promise<void> {
    if (!this.recorder.recording) {
      try {
        composeComparison(this.page.panels, this.recorder.canvas);
        this.recorder.start();
        this.controls.setRecording(true);
        say(this.page.shareStatus, 'Recording the panels as WebM…');
      } catch (error) {
        say(this.page.shareStatus, messageOf(error));
      }
      return;
    }
    this.controls.setRecording(false);
    const video = await this.recorder.stop();
    download(video, 'ganflow-comparison.webm');
    say(this.page.shareStatus, `Saved a WebM video of ${(video.size / 1024).toFixed(0)} KiB.`);
  }

  private async copyLink(): Promise<void> {
    this.urlWriter.flush();
    const link = location.href;
    try {
      await navigator.clipboard.writeText(link);
      say(this.page.shareStatus, 'Link copied to the clipboard.');
    } catch {
      say(this.page.shareStatus, `Copy this link: ${link}`);
    }
  }

  private async validate(): Promise<void> {
    const element = this.page.validateResult;
    const gpu = this.gpu;
    if (!gpu) {
      say(element, 'Validation needs WebGPU, which is not running.');
      return;
    }
    const index = this.settings.selected;
    const panel = this.panels[index]!;
    const config = cloneConfig(panel.config);
    say(element, `Validating panel ${index + 1}…`);
    delete element.dataset.passed;
    element.dataset.value = 'null';
    try {
      const starts = gridStarts(panel.view.visibleBox(), VALIDATION_SIDE);
      const result = await validateKernel(
        gpu.device,
        SIMULATION_SHADERS,
        config,
        starts,
        VALIDATION_STEPS,
      );
      this.validation = { ...result, panel: index };
      say(
        element,
        `${result.passed ? 'Pass' : 'Fail'}: panel ${index + 1}, largest error ` +
          `${formatNumber(result.worstError)} ${result.passed ? '≤' : '>'} tolerance ` +
          `${formatNumber(result.tolerance)} (relative to max(1, |x|)), the f32 shader against ` +
          `the f64 reference from ${result.sampled.toLocaleString('en-US')} starts, ` +
          `${result.steps} steps.`,
      );
      element.dataset.passed = String(result.passed);
      element.dataset.value = JSON.stringify(this.validation);
    } catch (error) {
      say(element, `Validation could not run: ${messageOf(error)}`);
    }
  }

  private showStatus(): void {
    this.lastStatusUpdate = performance.now();
    const status = this.page.status;
    status.dataset.state = this.state;
    if (this.phase !== 'animating') return;
    const counts = this.particleCounts;
    const each = counts[0] ?? 0;
    const particles =
      counts.length > 1
        ? `${counts.length} × ${each.toLocaleString('en-US')} particles`
        : `${each.toLocaleString('en-US')} particles`;
    const parts = [
      this.state,
      particles,
      `${this.settings.stepsPerFrame} ${this.settings.stepsPerFrame === 1 ? 'step' : 'steps'}` +
        '/frame',
      `${this.frameTimeMs.toFixed(0)} ms/frame`,
      `frame ${this.frame}`,
    ];
    if (this.respawns > 0) {
      parts.push(`${this.respawns.toLocaleString('en-US')} blown-up particles respawned`);
    }
    status.textContent = parts.join(' · ');
  }

  private showError(message: string): void {
    this.errorMessage = message;
    say(this.page.error, message);
  }

  private fail(message: string): void {
    this.generation++;
    this.scene?.destroy();
    this.scene = null;
    this.gpu?.release();
    this.gpu = null;
    this.phase = 'failed';
    this.showError(message);
    this.page.status.dataset.state = this.state;
    this.page.status.textContent = 'stopped: see the message above';
    this.rejectReady(new Error(message));
  }

  private unsupported(reason: string): void {
    this.phase = 'unsupported';
    this.errorMessage = reason;
    say(this.page.unsupportedReason, reason);
    this.page.unsupported.hidden = false;
    this.page.panels.hidden = true;
    this.page.status.dataset.state = this.state;
    this.page.status.textContent = 'no WebGPU: the analysis still works, the animation cannot run';
    this.rejectReady(new Error(reason));
  }
}
