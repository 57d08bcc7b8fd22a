// The full description of one panel's training method: loss, regularisers and optimiser.
// Every consumer (f64 reference, WGSL uniforms, CLI, URL state, controls) reads this shape.

export const LOSSES = ['gan', 'nsgan', 'wgan', 'lsgan', 'hinge'] as const;
export type LossName = (typeof LOSSES)[number];

export const OPTIMIZERS = [
  'flow',
  'euler',
  'simgd',
  'altgd',
  'extragradient',
  'optimistic',
  'momentum',
] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Optimisers that carry the previous iterate: their state is 4-D. */
export const OPTIMIZERS_WITH_MEMORY: readonly OptimizerName[] = ['optimistic', 'momentum'];

/** Continuous-time integrators of the gradient flow; the rest are discrete training rules. */
export const FLOW_INTEGRATORS: readonly OptimizerName[] = ['flow', 'euler'];

export interface Method {
  loss: LossName;
  /** WGAN weight clipping |psi| <= clip after every update; 0 switches it off. */
  clip: number;
  /** LSGAN codes (a, b, c): fake target a, real target b, generator target c. */
  lsCodes: [number, number, number];
  /** Weight lambda of lambda * theta^2 in the generator's loss. */
  mse: number;
  r1: number;
  r2: number;
  /** WGAN-GP weight gamma and target gradient norm g0. */
  gp: number;
  gpTarget: number;
  /** Instance-noise standard deviation sigma. */
  noise: number;
  /** Consensus weight gamma in v - gamma J^T v. */
  consensus: number;
}

export interface Optimizer {
  optimizer: OptimizerName;
  /** Step of the flow integrators (RK4, Euler). */
  dt: number;
  /** Learning rates of the generator (theta) and discriminator (psi). */
  lrG: number;
  lrD: number;
  /** Alternating GD: discriminator steps per generator step, and who moves first. */
  dSteps: number;
  order: 'dg' | 'gd';
  /** Heavy-ball momentum coefficient; may be negative. */
  beta: number;
}

export interface Config {
  method: Method;
  optimizer: Optimizer;
}

export function defaultMethod(): Method {
  return {
    loss: 'gan',
    clip: 0,
    lsCodes: [-1, 1, 0],
    mse: 0,
    r1: 0,
    r2: 0,
    gp: 0,
    gpTarget: 1,
    noise: 0,
    consensus: 0,
  };
}

export function defaultOptimizer(): Optimizer {
  return { optimizer: 'flow', dt: 0.05, lrG: 0.1, lrD: 0.1, dSteps: 1, order: 'dg', beta: 0.5 };
}

export function defaultConfig(): Config {
  return { method: defaultMethod(), optimizer: defaultOptimizer() };
}

export function cloneConfig(config: Config): Config {
  return {
    method: { ...config.method, lsCodes: [...config.method.lsCodes] },
    optimizer: { ...config.optimizer },
  };
}

/** Numeric settings with the ranges the app, the CLI and URL state all accept. */
export interface NumericSpec {
  min: number;
  max: number;
  integer?: boolean;
}

export const METHOD_RANGES: Record<Exclude<keyof Method, 'loss' | 'lsCodes'>, NumericSpec> = {
  clip: { min: 0, max: 100 },
  mse: { min: 0, max: 1e3 },
  r1: { min: 0, max: 1e3 },
  r2: { min: 0, max: 1e3 },
  gp: { min: 0, max: 1e3 },
  gpTarget: { min: 0, max: 100 },
  noise: { min: 0, max: 10 },
  consensus: { min: 0, max: 1e3 },
};

export const LS_CODE_RANGE: NumericSpec = { min: -100, max: 100 };

export const OPTIMIZER_RANGES: Record<'dt' | 'lrG' | 'lrD' | 'dSteps' | 'beta', NumericSpec> = {
  dt: { min: 1e-6, max: 1e6 },
  lrG: { min: 1e-6, max: 1e6 },
  lrD: { min: 1e-6, max: 1e6 },
  dSteps: { min: 1, max: 100, integer: true },
  beta: { min: -0.999, max: 0.999 },
};

/** Why a value is not acceptable, or null when it is. */
export function checkNumber(value: number, spec: NumericSpec): string | null {
  if (!Number.isFinite(value)) return 'must be a finite number';
  if (spec.integer && !Number.isInteger(value)) return 'must be an integer';
  if (value < spec.min || value > spec.max) return `must lie in [${spec.min}, ${spec.max}]`;
  return null;
}

/** Combinations that have no meaning here; each message names the offending settings. */
export function configConflicts(config: Config): string[] {
  const m = config.method;
  const conflicts: string[] = [];
  if (m.clip > 0 && m.loss !== 'wgan') conflicts.push('clip applies to the wgan loss only');
  if (m.noise > 0 && m.loss === 'hinge') {
    conflicts.push('instance noise needs a smooth loss; hinge is not smooth');
  }
  return conflicts;
}
