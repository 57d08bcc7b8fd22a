// The settings a stability diagram can put on its axes: their names, ranges and how each one
// enters a Config. The order is the PARAMETER_* codes of shaders/stability.wgsl.
import {
  type Config,
  FLOW_INTEGRATORS,
  METHOD_RANGES,
  type NumericSpec,
  OPTIMIZER_RANGES,
  cloneConfig,
} from '../model/config.ts';

export const MAP_PARAMETERS = [
  'lr',
  'lrG',
  'lrD',
  'beta',
  'mse',
  'r1',
  'r2',
  'noise',
  'consensus',
] as const;
export type MapParameter = (typeof MAP_PARAMETERS)[number];

/** One axis of a stability diagram: the parameter and its range. */
export interface MapAxis {
  parameter: MapParameter;
  min: number;
  max: number;
}

export interface ParameterInfo {
  /** The command-line name (as in --axes and the Config flags). */
  flag: string;
  /** For axes and legends. */
  label: string;
  spec: NumericSpec;
}

export const PARAMETER_INFO: Record<MapParameter, ParameterInfo> = {
  lr: {
    flag: 'lr',
    label: 'learning rate h (lrG = lrD; dt for flow, euler)',
    spec: OPTIMIZER_RANGES.lrG,
  },
  lrG: { flag: 'lr-g', label: 'generator learning rate lrG', spec: OPTIMIZER_RANGES.lrG },
  lrD: { flag: 'lr-d', label: 'discriminator learning rate lrD', spec: OPTIMIZER_RANGES.lrD },
  beta: { flag: 'beta', label: 'momentum beta', spec: OPTIMIZER_RANGES.beta },
  mse: { flag: 'mse', label: 'MSE weight lambda', spec: METHOD_RANGES.mse },
  r1: { flag: 'r1', label: 'R1 weight gamma', spec: METHOD_RANGES.r1 },
  r2: { flag: 'r2', label: 'R2 weight gamma', spec: METHOD_RANGES.r2 },
  noise: { flag: 'noise', label: 'instance noise sigma', spec: METHOD_RANGES.noise },
  consensus: { flag: 'consensus', label: 'consensus weight gamma', spec: METHOD_RANGES.consensus },
};

export function parameterNamed(flag: string): MapParameter | undefined {
  return MAP_PARAMETERS.find((parameter) => PARAMETER_INFO[parameter].flag === flag);
}

/** A copy of config with the parameter set; lr sets both learning rates, or dt for flow, euler. */
export function withParameter(config: Config, parameter: MapParameter, value: number): Config {
  const result = cloneConfig(config);
  const { method, optimizer } = result;
  switch (parameter) {
    case 'lr':
      if (FLOW_INTEGRATORS.includes(optimizer.optimizer)) optimizer.dt = value;
      else Object.assign(optimizer, { lrG: value, lrD: value });
      break;
    case 'lrG':
    case 'lrD':
    case 'beta':
      optimizer[parameter] = value;
      break;
    default:
      method[parameter] = value;
  }
  return result;
}
