// window.ganflow: read-only facts about the running app for end-to-end tests. Nothing in it
// changes the app.
import { type Config } from '../model/config.ts';
import { type Analysis } from '../reference/analysis.ts';
import { type App, type AppState, type ValidationReport } from './app.ts';
import { type HoverValue } from './hover-readout.ts';
import { type AppSettings } from './settings.ts';
import { type RunValue } from './training-run.ts';

export interface PanelFacts {
  /** The caption shown above the panel. */
  title: string;
  /** Particles simulated in this panel (0 before the GPU scene exists). */
  particles: number;
  view: { center: [number, number]; halfHeight: number };
}

export interface GanflowHook {
  /** Resolves once the first frame has finished on the GPU; rejects if the animation cannot run. */
  readonly ready: Promise<void>;
  readonly state: AppState;
  /** Frames completed on the GPU since start-up. */
  readonly frame: number;
  /** Optimiser steps since the particles were last placed. */
  readonly steps: number;
  /** Particles actually simulated in all panels together (each panel clamped to the device). */
  readonly particles: number;
  /** Running mean of one frame's submit-to-completion time, in milliseconds. */
  readonly frameTimeMs: number;
  readonly deviceLosses: number;
  /** Particles reborn because their state blew up (inf or NaN), as last read back. */
  readonly respawns: number;
  /** The last message shown in #error (or #unsupported-reason), null if none. */
  readonly error: string | null;
  readonly adapterIsFallback: boolean | null;
  /** A copy of the current settings: a Config per panel; `config` is the selected one's. */
  readonly settings: AppSettings & { config: Config };
  /** The view of the selected panel: centre and half height in (theta, psi). */
  readonly view: { center: [number, number]; halfHeight: number };
  /** The f64 analysis of the selected panel, shown beside the panels. */
  readonly analysis: Analysis | null;
  readonly panels: PanelFacts[];
  /** What #hover shows, null when the pointer is over no panel. */
  readonly hover: HoverValue | null;
  /** The highlighted training run, null before a click. */
  readonly trajectory: RunValue | null;
  /** The last Validate result, null before one finished. */
  readonly validation: ValidationReport | null;
}

declare global {
  interface Window {
    ganflow: GanflowHook;
  }
}

export function exposeTestHook(app: App): void {
  const hook: GanflowHook = Object.freeze({
    ready: app.ready,
    get state() {
      return app.state;
    },
    get frame() {
      return app.frame;
    },
    get steps() {
      return app.steps;
    },
    get particles() {
      return app.particles;
    },
    get frameTimeMs() {
      return app.frameTimeMs;
    },
    get deviceLosses() {
      return app.deviceLosses;
    },
    get respawns() {
      return app.respawns;
    },
    get error() {
      return app.errorMessage;
    },
    get adapterIsFallback() {
      return app.adapterIsFallback;
    },
    get settings() {
      const settings = structuredClone(app.settings);
      return { ...settings, config: settings.panels[settings.selected]! };
    },
    get view() {
      const view = app.selectedPanel.view;
      return { center: [...view.center] as [number, number], halfHeight: view.halfHeight };
    },
    get analysis() {
      return app.analysis && structuredClone(app.analysis);
    },
    get panels() {
      const counts = app.particleCounts;
      return app.panels.map((panel, index) => ({
        title: panel.root.querySelector('.panel-title')?.textContent ?? '',
        particles: counts[index] ?? 0,
        view: {
          center: [...panel.view.center] as [number, number],
          halfHeight: panel.view.halfHeight,
        },
      }));
    },
    get hover() {
      return structuredClone(app.hover.value);
    },
    get trajectory() {
      return structuredClone(app.run.value);
    },
    get validation() {
      return structuredClone(app.validation);
    },
  });
  Object.defineProperty(window, 'ganflow', { value: hook, enumerable: true });
}
