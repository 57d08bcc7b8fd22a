// The map view of the app: a basin map of the visible (theta, psi) window or a stability
// diagram over two parameters, computed on the GPU in short chunks (the page stays responsive,
// a progress bar shows how far), redrawn as it fills in, restarted when a setting changes.
// The picture (map, axes, legend, rho = 1 contour, closed-form curves) is the one the CLI
// exports, put on a 2-D canvas. A click on the stability diagram hands its parameters back.
import { BasinMap } from '../../gpu/basin-map.ts';
import { ChunkSizer, runChunks } from '../../gpu/chunks.ts';
import { DEFAULT_CHUNK_MS } from '../../gpu/map-runs.ts';
import type { ShaderLibrary } from '../../gpu/shader-library.ts';
import { StabilityMap, stabilityAxisValues } from '../../gpu/stability-map.ts';
import { type Config, checkNumber, cloneConfig } from '../../model/config.ts';
import type { ViewRect } from '../../maps/grid.ts';
import { PARAMETER_INFO, type MapParameter } from '../../maps/parameters.ts';
import { type MapPicture, mapPicture } from '../../maps/picture.ts';
import { basinProduct, stabilityProduct } from '../../maps/products.ts';
import { nonDifferentiableReason } from '../../reference/field.ts';
import type { BasinSpec, StabilitySpec } from '../../maps/specs.ts';
import { type MapSettings, createMapInputs, defaultMapSettings } from './map-inputs.ts';
import './map-view.css';

export type MapViewKind = 'basin' | 'stability';

export interface MapViewOptions {
  device: GPUDevice;
  shaders: ShaderLibrary;
  /** The view puts its inputs, progress bar, canvas and messages in here. */
  container: HTMLElement;
  /** A click on a stability pixel: the two parameters there (lr sets lrG, lrD and dt). */
  onPickParameters(values: Partial<Record<MapParameter, number>>): void;
}

/** Runs (basin) arrive within this distance of (0, 0) or diverge beyond this one. */
const BOUND_FACTOR = 10;
const MIN_BOUND = 100;
/** Redraw at most this often while a map fills in. */
const REDRAW_MS = 250;

type ActiveMap = { kind: 'basin'; map: BasinMap } | { kind: 'stability'; map: StabilityMap };

export class MapView {
  readonly settings: MapSettings = defaultMapSettings();
  /** Fraction of the current map computed; 1 when done. */
  progress = 0;

  private readonly canvas = document.createElement('canvas');
  private readonly progressBar = document.createElement('progress');
  private readonly status = document.createElement('p');
  private readonly message = document.createElement('p');
  private readonly inputs: { showFor(kind: MapViewKind): void };
  private kind: MapViewKind | null = null;
  private config: Config | null = null;
  private view: ViewRect = { thetaMin: -2, thetaMax: 2, psiMin: -2, psiMax: 2 };
  private picture: MapPicture | null = null;
  private stabilitySpec: StabilitySpec | null = null;
  /** The last drawn map's one-line summary. */
  private summary = '';
  /** Bumped on every restart: a loop of an older generation stops at its next chunk. */
  private generation = 0;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: MapViewOptions) {
    const { container } = options;
    container.classList.add('map-view');
    const toolbar = document.createElement('div');
    toolbar.className = 'map-toolbar';
    this.inputs = createMapInputs(
      toolbar,
      this.settings,
      () => this.restart(),
      (text) => this.say(text),
    );
    this.progressBar.max = 1;
    this.progressBar.value = 0;
    this.progressBar.dataset.testid = 'map-progress';
    this.status.className = 'map-status';
    this.status.dataset.testid = 'map-status';
    this.message.className = 'map-message';
    this.message.dataset.testid = 'map-message';
    this.message.hidden = true;
    this.canvas.className = 'map-canvas';
    this.canvas.dataset.testid = 'map-canvas';
    this.canvas.addEventListener('click', (event) => this.clicked(event));
    container.replaceChildren(toolbar, this.progressBar, this.status, this.message, this.canvas);
  }

  /** Shows a map of this kind for the config (and, for the basin map, the view), or nothing. */
  show(kind: MapViewKind | null, config: Config, view: ViewRect): void {
    this.kind = kind;
    this.config = cloneConfig(config);
    this.view = { ...view };
    this.options.container.hidden = kind === null;
    if (kind !== null) this.inputs.showFor(kind);
    this.restart();
  }

  setConfig(config: Config): void {
    this.config = cloneConfig(config);
    if (this.kind !== null) this.restart();
  }

  /** The basin map follows the visible window. */
  setView(view: ViewRect): void {
    this.view = { ...view };
    if (this.kind === 'basin') this.restart();
  }

  /** Stops computing; resolves once the GPU work in flight is done and freed. */
  async stop(): Promise<void> {
    this.generation++;
    await this.running;
  }

  private restart(): void {
    const generation = ++this.generation;
    this.showProgress(0, 'waiting for the GPU');
    const previous = this.running;
    this.running = previous.then(() => this.compute(generation));
  }

  private say(text: string | null): void {
    this.message.textContent = text ?? '';
    this.message.hidden = !text;
  }

  private async compute(generation: number): Promise<void> {
    if (generation !== this.generation || this.kind === null || this.config === null) return;
    let active: ActiveMap;
    try {
      active = this.create(this.kind, this.config);
    } catch (error) {
      this.say(error instanceof Error ? error.message : String(error));
      return;
    }
    this.say(null);
    const { map } = active;
    const started = performance.now();
    const cancelled = () => generation !== this.generation;
    let lastDraw = started;
    let drawing: Promise<void> | null = null;
    try {
      await runChunks(map, new ChunkSizer(DEFAULT_CHUNK_MS), {
        cancelled,
        onChunk: (progress) => {
          if (cancelled()) return;
          this.showProgress(progress, `computing ${Math.floor(100 * progress)}%`);
          if (drawing === null && performance.now() - lastDraw > REDRAW_MS) {
            drawing = this.draw(active).finally(() => {
              drawing = null;
              lastDraw = performance.now();
            });
          }
        },
      });
      await drawing;
      if (!cancelled()) {
        await this.draw(active);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        this.showProgress(1, `${this.summary} (${seconds} s)`);
      }
    } catch (error) {
      if (!cancelled()) {
        this.say(`The map failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    } finally {
      await drawing;
      map.destroy();
    }
  }

  private create(kind: MapViewKind, config: Config): ActiveMap {
    const { device, shaders } = this.options;
    const size = this.settings.resolution;
    if (kind === 'basin') {
      const spec = this.basinSpec(config, size);
      return { kind, map: BasinMap.create(device, shaders, spec) };
    }
    const spec: StabilitySpec = {
      config,
      axes: [{ ...this.settings.axes[0] }, { ...this.settings.axes[1] }],
      width: size,
      height: size,
    };
    checkAxes(spec);
    this.stabilitySpec = spec;
    return { kind, map: StabilityMap.create(device, shaders, spec) };
  }

  private basinSpec(config: Config, size: number): BasinSpec {
    const { thetaMin, thetaMax, psiMin, psiMax } = this.view;
    const corner = Math.max(
      ...[thetaMin, thetaMax].flatMap((t) => [psiMin, psiMax].map((p) => Math.hypot(t, p))),
    );
    // Square pixels: the longer side of the window gets `size` of them.
    const aspect = (thetaMax - thetaMin) / (psiMax - psiMin);
    return {
      config,
      view: this.view,
      width: aspect >= 1 ? size : Math.max(1, Math.round(size * aspect)),
      height: aspect >= 1 ? Math.max(1, Math.round(size / aspect)) : size,
      steps: this.settings.steps,
      epsilon: this.settings.epsilon,
      bound: Math.max(MIN_BOUND, BOUND_FACTOR * corner),
    };
  }

  private async draw(active: ActiveMap): Promise<void> {
    const product =
      active.kind === 'basin'
        ? basinProduct(active.map.spec, await active.map.readOutcomes())
        : stabilityProduct(active.map.spec, await active.map.readRadii());
    this.summary = product.summary;
    const picture = mapPicture(product.picture);
    this.picture = picture;
    this.canvas.width = picture.width;
    this.canvas.height = picture.height;
    // Where the map sits in the picture, in picture pixels, for tests that click on it.
    this.canvas.dataset.plot = JSON.stringify(picture.plot);
    this.canvas.getContext('2d')?.putImageData(new ImageData(picture.data, picture.width), 0, 0);
  }

  private showProgress(fraction: number, text: string): void {
    this.progress = fraction;
    this.progressBar.value = fraction;
    this.status.textContent = text;
  }

  private clicked(event: MouseEvent): void {
    const picture = this.picture;
    const spec = this.stabilitySpec;
    if (this.kind !== 'stability' || !picture || !spec) return;
    const box = this.canvas.getBoundingClientRect();
    const x = ((event.clientX - box.left) * picture.width) / box.width - picture.plot.left;
    const y = ((event.clientY - box.top) * picture.height) / box.height - picture.plot.top;
    const [column, row] = [Math.floor(x), Math.floor(y)];
    if (column < 0 || row < 0 || column >= spec.width || row >= spec.height) return;
    const [columns, rows] = stabilityAxisValues(spec);
    const [horizontal, vertical] = spec.axes;
    this.options.onPickParameters({
      [horizontal.parameter]: columns[column],
      [vertical.parameter]: rows[row],
    });
  }
}

/** J at (0, 0) exists, and two different parameters have pixel centres they accept. */
function checkAxes(spec: StabilitySpec): void {
  const reason = nonDifferentiableReason(spec.config.method, 0, 0);
  if (reason !== null) throw new RangeError(`No stability map: at (0, 0) ${reason}.`);
  const [horizontal, vertical] = spec.axes;
  if (horizontal.parameter === vertical.parameter) {
    throw new RangeError('The two axes of the stability map need different parameters.');
  }
  const [columns, rows] = stabilityAxisValues(spec);
  for (const [axis, values] of [
    [horizontal, columns],
    [vertical, rows],
  ] as const) {
    const info = PARAMETER_INFO[axis.parameter];
    for (const value of [values[0], values[values.length - 1]]) {
      const problem = checkNumber(value, info.spec);
      if (problem) throw new RangeError(`${info.flag} on the map ${problem} (pixel at ${value}).`);
    }
  }
}
