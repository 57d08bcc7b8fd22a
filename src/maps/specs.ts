// What defines each map: the training method, the pixel grid and, for the basin map, the
// arrival rule. Shared by the GPU code, the exports, the CLI and the app.
import type { Config } from '../model/config.ts';
import type { ViewRect } from './grid.ts';
import type { MapAxis } from './parameters.ts';

export type MapKind = 'basin' | 'stability' | 'prediction';

export interface BasinSpec {
  config: Config;
  /** Where the runs start: one per pixel centre. */
  view: ViewRect;
  width: number;
  height: number;
  /** K: the steps a run has to arrive. */
  steps: number;
  /** Arrived: |x| < epsilon. */
  epsilon: number;
  /** Diverged: |x| > bound, or x not finite. */
  bound: number;
}

export interface StabilitySpec {
  config: Config;
  /** Horizontal (columns) and vertical (rows, top = max) axes. */
  axes: [MapAxis, MapAxis];
  width: number;
  height: number;
}
