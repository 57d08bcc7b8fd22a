// One panel of the comparison on the page: its title (built from its Config each time), its view
// of the plane, and the layers of its stage from bottom to top: heat map, WebGPU trails, axes,
// quiver and nullclines, the highlighted run, and the spectrum inset.
import { type Config } from '../model/config.ts';
import { panelTitle } from '../model/title.ts';
import { type Analysis, analyze } from '../reference/analysis.ts';
import type { Vec2 } from '../reference/types.ts';
import { AxesOverlay } from './axes-overlay.ts';
import { type CanvasSize, type SizeWatch, observeCanvasSize } from './canvas-size.ts';
import { FieldLayers, type LayerOptions } from './field-layers.ts';
import { SpectrumPlot, spectrumData } from './spectrum-plot.ts';
import { type TrainingRun } from './training-run.ts';
import { View } from './view.ts';
import { attachViewInput } from './view-input.ts';

export interface PanelHandlers {
  viewChanged(index: number): void;
  resized(index: number): void;
  /** The pointer is over `point` of panel `index`, or has left it (null). */
  hover(index: number, point: Vec2 | null): void;
  click(index: number, point: Vec2): void;
  select(index: number): void;
}

function canvas(className: string): HTMLCanvasElement {
  const element = document.createElement('canvas');
  element.className = className;
  return element;
}

export class PanelView {
  /** Largest canvas side in device pixels: the trail images must fit in a texture. */
  static maxPixels = 8192;

  readonly view = new View();
  readonly root: HTMLElement;
  readonly stage: HTMLElement;
  /** The WebGPU canvas. */
  readonly canvas: HTMLCanvasElement;
  /** Canvas size, in device pixels clamped to maxPixels. */
  size: CanvasSize | null = null;
  config: Config;
  analysis: Analysis;

  private readonly title: HTMLElement;
  private readonly axes: AxesOverlay;
  private readonly layers: FieldLayers;
  private readonly spectrum: SpectrumPlot;
  private readonly runCanvas: HTMLCanvasElement;
  private readonly runContext: CanvasRenderingContext2D;
  private readonly observer: SizeWatch;
  private runDrawn = false;

  constructor(
    readonly index: number,
    config: Config,
    handlers: PanelHandlers,
  ) {
    this.root = document.createElement('section');
    this.root.className = 'panel';
    this.root.dataset.testid = `panel-${index}`;
    this.root.dataset.panel = String(index);

    const header = document.createElement('h2');
    header.className = 'panel-header';
    const number = document.createElement('span');
    number.className = 'panel-number';
    number.textContent = String(index + 1);
    this.title = document.createElement('span');
    this.title.className = 'panel-title';
    this.title.dataset.testid = `panel-title-${index}`;
    header.append(number, this.title);
    header.addEventListener('click', () => handlers.select(index));

    this.stage = document.createElement('div');
    this.stage.className = 'stage';
    this.stage.dataset.testid = `stage-${index}`;
    const heat = canvas('layer heat');
    this.canvas = canvas('layer flow');
    // The first panel keeps the single-view page's names.
    if (index === 0) this.canvas.id = 'flow';
    this.canvas.dataset.testid = index === 0 ? 'flow-canvas' : `flow-canvas-${index}`;
    this.canvas.setAttribute('aria-label', `particle trails of panel ${index + 1}`);
    const axes = canvas('layer axes');
    const marks = canvas('layer marks');
    this.runCanvas = canvas('layer run');
    const spectrum = canvas('spectrum');
    spectrum.dataset.testid = `spectrum-${index}`;
    for (const layer of [heat, axes, marks, this.runCanvas, spectrum]) {
      layer.setAttribute('aria-hidden', 'true');
    }
    this.stage.append(heat, this.canvas, axes, marks, this.runCanvas, spectrum);
    this.root.append(header, this.stage);

    this.axes = new AxesOverlay(axes);
    this.layers = new FieldLayers(heat, marks);
    this.spectrum = new SpectrumPlot(spectrum);
    const runContext = this.runCanvas.getContext('2d');
    if (!runContext) throw new Error('no 2-D canvas context for the training run');
    this.runContext = runContext;

    this.config = config;
    this.analysis = analyze(config);
    this.showConfig();

    attachViewInput(this.stage, this.view, {
      changed: () => handlers.viewChanged(index),
      hover: (x, y) => handlers.hover(index, this.view.toPlane(x, y)),
      leave: () => handlers.hover(index, null),
      click: (x, y) => handlers.click(index, this.view.toPlane(x, y)),
    });
    this.observer = observeCanvasSize(this.stage, (size) => {
      this.resize(size);
      handlers.resized(index);
    });
  }

  /** The stage's size now, before the resize observer first reports it. */
  measure(): CanvasSize {
    if (this.size) return this.size;
    const rect = this.stage.getBoundingClientRect();
    this.resize({
      cssWidth: rect.width,
      cssHeight: rect.height,
      pixelWidth: Math.max(1, Math.round(rect.width * devicePixelRatio)),
      pixelHeight: Math.max(1, Math.round(rect.height * devicePixelRatio)),
    });
    return this.size!;
  }

  /** Measures the stage again, at the present devicePixelRatio. */
  refreshSize(): void {
    this.observer.refresh();
  }

  setConfig(config: Config): void {
    this.config = config;
    this.analysis = analyze(config);
    this.showConfig();
  }

  setSelected(selected: boolean): void {
    this.root.classList.toggle('selected', selected);
    this.root.setAttribute('aria-current', String(selected));
  }

  /** Axes, heat map, quiver and nullclines for the present view and method. */
  drawLayers(options: LayerOptions): void {
    this.axes.draw(this.view, this.analysis.point);
    this.layers.draw(this.config.method, this.view, options);
  }

  drawRun(run: TrainingRun, now: number): void {
    const size = this.size;
    if (!size || (!run.active && !this.runDrawn)) return;
    const ctx = this.runContext;
    ctx.setTransform(
      size.pixelWidth / size.cssWidth,
      0,
      0,
      size.pixelHeight / size.cssHeight,
      0,
      0,
    );
    ctx.clearRect(0, 0, size.cssWidth, size.cssHeight);
    run.drawPath(ctx, this.view, this.index, now);
    this.runDrawn = run.active;
  }

  destroy(): void {
    this.observer.disconnect();
    this.root.remove();
  }

  private showConfig(): void {
    this.title.textContent = panelTitle(this.config);
    this.spectrum.draw(spectrumData(this.analysis, this.config.optimizer.optimizer));
  }

  private resize(size: CanvasSize): void {
    this.size = {
      ...size,
      pixelWidth: Math.min(size.pixelWidth, PanelView.maxPixels),
      pixelHeight: Math.min(size.pixelHeight, PanelView.maxPixels),
    };
    this.canvas.width = this.size.pixelWidth;
    this.canvas.height = this.size.pixelHeight;
    this.runCanvas.width = this.size.pixelWidth;
    this.runCanvas.height = this.size.pixelHeight;
    this.runDrawn = true;
    this.view.setSize(size.cssWidth, size.cssHeight);
    this.axes.resize(this.size);
    this.layers.resize(this.size);
  }
}
