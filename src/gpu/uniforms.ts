// Packs a panel's Config and particle settings into the `Params` uniform of shaders/field.wgsl.
// Choices travel as indices into the name lists of src/model/config.ts, read by a WGSL switch
// in the general pipeline (specialised ones fix them as constants, src/gpu/specialization.ts):
// no user text ever reaches shader code.
import { type Config, LOSSES, OPTIMIZERS } from '../model/config.ts';
import { NOISE_NODES, normalQuadrature } from '../reference/quadrature.ts';

/** Bytes of `Params`: 24 scalars and two vec4 boxes. */
export const PARAMS_SIZE = 128;

/** Region in (theta, psi): thetaMin, thetaMax, psiMin, psiMax. */
export interface SpawnBox {
  thetaMin: number;
  thetaMax: number;
  psiMin: number;
  psiMax: number;
}

/** Settings of the particle system itself, as opposed to the training method. */
export interface ParticleSettings {
  particles: number;
  seed: number;
  spawnBox: SpawnBox;
  /** Respawn a particle once it leaves the spawn box by more than the margin. */
  respawnOutside: boolean;
  /** Respawn (and count) a particle whose state is infinite or NaN. */
  respawnNonFinite: boolean;
  /** Steps before a particle is reborn; Infinity (or 0) never. */
  maxAge: number;
}

/** Particles may stray this fraction of the box size past its edges before they respawn. */
export const LIVE_MARGIN = 0.05;

const RESPAWN_OUTSIDE = 1;
const RESPAWN_NON_FINITE = 2;

export function packParams(config: Config, settings: ParticleSettings): ArrayBuffer {
  const { method, optimizer } = config;
  const buffer = new ArrayBuffer(PARAMS_SIZE);
  const u32 = new Uint32Array(buffer);
  const f32 = new Float32Array(buffer);

  u32[0] = LOSSES.indexOf(method.loss);
  u32[1] = OPTIMIZERS.indexOf(optimizer.optimizer);
  u32[2] = optimizer.order === 'dg' ? 0 : 1;
  u32[3] = optimizer.dSteps;
  u32[4] = method.noise > 0 ? NOISE_NODES : 0;
  u32[5] = settings.seed >>> 0;
  u32[6] =
    (settings.respawnOutside ? RESPAWN_OUTSIDE : 0) |
    (settings.respawnNonFinite ? RESPAWN_NON_FINITE : 0);
  u32[7] = settings.particles;

  f32.set(
    [
      method.clip,
      ...method.lsCodes,
      method.mse,
      method.r1,
      method.r2,
      method.gp,
      method.gpTarget,
      method.noise,
      method.consensus,
      optimizer.dt,
      optimizer.lrG,
      optimizer.lrD,
      optimizer.beta,
    ],
    8,
  );
  u32[23] = maxAgeSteps(settings.maxAge);

  const box = settings.spawnBox;
  const marginTheta = LIVE_MARGIN * (box.thetaMax - box.thetaMin);
  const marginPsi = LIVE_MARGIN * (box.psiMax - box.psiMin);
  f32.set([box.thetaMin, box.thetaMax, box.psiMin, box.psiMax], 24);
  f32.set(
    [
      box.thetaMin - marginTheta,
      box.thetaMax + marginTheta,
      box.psiMin - marginPsi,
      box.psiMax + marginPsi,
    ],
    28,
  );
  return buffer;
}

/** Whole steps between rebirths; 0 = never. */
export function maxAgeSteps(maxAge: number): number {
  return Number.isFinite(maxAge) && maxAge >= 1 ? Math.min(Math.round(maxAge), 0xffffffff) : 0;
}

/**
 * The standard-normal Gauss-Hermite rule of the f64 reference as (node, weight) pairs: the
 * shader takes E[h(e)] = sum weight * h(noise * node), e ~ N(0, noise^2).
 */
export function packNoiseNodes(): Float32Array<ArrayBuffer> {
  const rule = normalQuadrature(1);
  const packed = new Float32Array(2 * NOISE_NODES);
  for (let i = 0; i < NOISE_NODES; i++) {
    packed[2 * i] = rule.points[i];
    packed[2 * i + 1] = rule.probabilities[i];
  }
  return packed;
}
