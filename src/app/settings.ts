// Everything the user can set, kept apart from the GPU objects so that a lost device can be
// rebuilt with the same settings, and described by a schema so that it travels in the URL.
import { type Config, type NumericSpec, defaultConfig } from '../model/config.ts';
import { type LayoutName } from '../model/layout.ts';
import {
  type Values,
  booleanField,
  choiceField,
  clampedNumberField,
  defaultValues,
  numberField,
} from '../model/url-state.ts';
import { COLORMAP_NAMES } from './colormaps.ts';
import { VIEW_RANGES } from './view.ts';

/** What a particle's colour shows; the order is COLOR_BY_* of trail-segments.wgsl. */
export const COLOR_MODES = ['speed', 'direction', 'distance', 'start'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

export const DEFAULT_PARTICLES = 1 << 20;

/** Particle counts offered in the controls: powers of two from 1 Ki to 16 Mi. */
export const PARTICLE_CHOICES: readonly number[] = Array.from(
  { length: 15 },
  (_, i) => 1 << (i + 10),
);

// One RK4 step per frame: at 60 frames per second a GAN orbit near the equilibrium takes about
// four seconds, and a frame of 1 Mi particles stays bounded on a software rasteriser.
export const DEFAULT_STEPS_PER_FRAME = 1;

export const APP_RANGES: Record<'stepsPerFrame' | 'fade' | 'particles', NumericSpec> = {
  // Bounds the work of a single frame, so the page stays responsive.
  stepsPerFrame: { min: 1, max: 1000, integer: true },
  fade: { min: 0, max: 1 },
  particles: { min: PARTICLE_CHOICES[0]!, max: PARTICLE_CHOICES.at(-1)!, integer: true },
};

/** Settings shared by all panels, with their defaults; the URL holds the ones changed. */
export const GLOBAL_SCHEMA = {
  linkViews: booleanField(true),
  /**
   * Requested particles of all panels together: each gets an equal share. A link asking for
   * too few, too many or a count not offered gets the nearest offered count, and is told.
   */
  particles: clampedNumberField(APP_RANGES.particles, DEFAULT_PARTICLES, PARTICLE_CHOICES),
  /** A link asking for more steps than a frame may take gets the most, and is told. */
  stepsPerFrame: clampedNumberField(APP_RANGES.stepsPerFrame, DEFAULT_STEPS_PER_FRAME),
  /** Fraction of the trail image kept each frame: higher gives longer trails. */
  fade: numberField(APP_RANGES.fade, 0.96),
  colormap: choiceField(COLORMAP_NAMES, 'viridis'),
  colorBy: choiceField(COLOR_MODES, 'speed'),
  quiver: booleanField(false),
  nullclines: booleanField(false),
  heatmap: booleanField(false),
  /** The view of every panel while linked, else of the first. */
  theta: numberField(VIEW_RANGES.center, 0),
  psi: numberField(VIEW_RANGES.center, 0),
  halfHeight: numberField(VIEW_RANGES.halfHeight, VIEW_RANGES.defaultHalfHeight),
};

/** A panel's own view while the views are not linked. */
export const PANEL_SCHEMA = {
  theta: numberField(VIEW_RANGES.center, 0),
  psi: numberField(VIEW_RANGES.center, 0),
  halfHeight: numberField(VIEW_RANGES.halfHeight, VIEW_RANGES.defaultHalfHeight),
};

export const URL_SCHEMAS = { global: GLOBAL_SCHEMA, panel: PANEL_SCHEMA };

type DisplaySettings = Omit<Values<typeof GLOBAL_SCHEMA>, 'theta' | 'psi' | 'halfHeight'>;

export interface AppSettings extends DisplaySettings {
  /** One Config per panel of the layout. */
  panels: Config[];
  layout: LayoutName;
  /** The panel the controls and the analysis show. */
  selected: number;
  paused: boolean;
}

export function defaultSettings(): AppSettings {
  const {
    theta: _theta,
    psi: _psi,
    halfHeight: _halfHeight,
    ...display
  } = defaultValues(GLOBAL_SCHEMA);
  return {
    ...display,
    panels: [defaultConfig()],
    layout: '1x1',
    selected: 0,
    paused: false,
  };
}

/** Particles of each panel: the budget split evenly. */
export function particlesPerPanel(settings: AppSettings): number {
  return Math.max(1, Math.floor(settings.particles / settings.panels.length));
}
