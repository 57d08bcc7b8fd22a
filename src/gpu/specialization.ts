// The pipeline-overridable constants of the compute shaders: which loss, optimiser and optional
// terms a pipeline is compiled for. A pipeline built for one setting carries none of the
// others' branches, which on a software adapter makes it several times faster. Only numbers
// from our own name lists reach the shaders, never text.
import { type Config, LOSSES, OPTIMIZERS } from '../model/config.ts';
import { NOISE_NODES } from '../reference/quadrature.ts';
import { type ParticleSettings, maxAgeSteps } from './uniforms.ts';

/** Override values by name, as GPUProgrammableStage.constants takes them. */
export type Specialization = Record<string, number>;

/** FROM_PARAMS of shaders/field.wgsl: the choice is read from `params` instead. */
export const FROM_PARAMS = 0xffffffff;

/** The constants of field.wgsl and optimizers.wgsl for one Config. */
export function fieldSpecialization(config: Config): Specialization {
  const { method, optimizer } = config;
  return {
    LOSS: LOSSES.indexOf(method.loss),
    OPTIMIZER: OPTIMIZERS.indexOf(optimizer.optimizer),
    NOISE_NODES: method.noise > 0 ? NOISE_NODES : 0,
    CONSENSUS: flag(method.consensus !== 0),
    CLIP: flag(method.clip > 0),
  };
}

/** field.wgsl and optimizers.wgsl for any Config: every choice read from `params`. */
export const GENERAL_FIELD: Specialization = {
  LOSS: FROM_PARAMS,
  OPTIMIZER: FROM_PARAMS,
  NOISE_NODES: FROM_PARAMS,
  CONSENSUS: 1,
  CLIP: 1,
};

/** The particle integrator's constants for a Config and the respawn rules in force. */
export function integratorSpecialization(
  config: Config,
  settings: ParticleSettings,
): Specialization {
  return {
    ...fieldSpecialization(config),
    RESPAWN_OUTSIDE: flag(settings.respawnOutside),
    RESPAWN_NON_FINITE: flag(settings.respawnNonFinite),
    AGEING: flag(maxAgeSteps(settings.maxAge) > 0),
  };
}

/** The integrator for any Config and any respawn rule: the pipeline a simulation starts with. */
export const GENERAL_INTEGRATOR: Specialization = {
  ...GENERAL_FIELD,
  RESPAWN_OUTSIDE: 1,
  RESPAWN_NON_FINITE: 1,
  AGEING: 1,
};

/** A cache key: equal for equal constants. */
export function specializationKey(specialization: Specialization): string {
  return Object.keys(specialization)
    .sort()
    .map((name) => `${name}=${specialization[name]}`)
    .join(',');
}

function flag(on: boolean): number {
  return on ? 1 : 0;
}

/** The pipeline of `entryPoint` with these constants, compiled once per key into `cache`. */
export function specializedPipeline(
  device: GPUDevice,
  cache: Map<string, Promise<GPUComputePipeline>>,
  layout: GPUPipelineLayout,
  module: GPUShaderModule,
  entryPoint: string,
  constants: Specialization,
): Promise<GPUComputePipeline> {
  const key = specializationKey(constants);
  let pipeline = cache.get(key);
  if (!pipeline) {
    pipeline = device.createComputePipelineAsync({
      label: entryPoint,
      layout,
      compute: { module, entryPoint, constants },
    });
    cache.set(key, pipeline);
  }
  return pipeline;
}
