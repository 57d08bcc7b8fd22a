// How much work each measurement gets. Step counts adapt to the measured speed: a repetition
// lasts about its target time, so one plan fits a 2-core software adapter and a real GPU
// alike; a size whose shortest run would last longer than `maxSeconds` is skipped.

export const PARTICLE_COUNTS = [
  4_096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216,
] as const;

/** Fewest GPU steps per repetition: with 2, fused and one-step-per-dispatch runs differ. */
export const MIN_GPU_STEPS = 2;
export const MAX_STEPS = 400;

export interface BenchOptions {
  /** Largest particle count to run; the adapter's own limit applies too. */
  max?: number;
  /** A short run: sizes up to 262,144, short repetitions, the reference at 4,096 only. */
  quick?: boolean;
  /** Never skip a size for taking too long. */
  full?: boolean;
  /** Steps per repetition for every measurement instead of the adaptive choice. */
  steps?: number;
}

export interface BenchPlan {
  particleCounts: number[];
  /** Sizes the f64 reference loop runs at (it is slow). */
  referenceCounts: number[];
  /** What one repetition in each GPU mode, fused then one step per dispatch, aims at. */
  gpuTargetSeconds: number;
  /** What a tuned-loop or reference repetition aims at: their speed does not depend on it. */
  cpuTargetSeconds: number;
  /** Longest a repetition (both GPU modes together) may be expected to take; null: any. */
  maxSeconds: number | null;
  fixedSteps: number | null;
  warmups: number;
  /** Tuned loop and reference agreement check: particles and steps. */
  agreementParticles: number;
  agreementSteps: number;
}

const QUICK_MAX = 262_144;
const REFERENCE_MAX = 16_384;

export function makePlan(options: BenchOptions, adapterMaxParticles: number): BenchPlan {
  const quick = options.quick ?? false;
  const cap = Math.min(options.max ?? Infinity, quick ? QUICK_MAX : Infinity, adapterMaxParticles);
  if (!(cap >= 1)) throw new RangeError(`bench: --max must be at least 1, got ${options.max}`);

  const listed = PARTICLE_COUNTS.filter((count) => count <= cap);
  const particleCounts = listed.length > 0 ? listed : [Math.floor(cap)];
  const referenceMax = quick ? particleCounts[0] : REFERENCE_MAX;
  return {
    particleCounts,
    referenceCounts: particleCounts.filter((count) => count <= referenceMax),
    gpuTargetSeconds: quick ? 0.1 : 0.6,
    cpuTargetSeconds: quick ? 0.05 : 0.25,
    maxSeconds: options.full ? null : quick ? 0.5 : 3,
    fixedSteps: options.steps ?? null,
    warmups: 1,
    agreementParticles: 1_024,
    agreementSteps: quick ? 20 : 100,
  };
}

/** More repetitions where a run is short and the noise relatively larger. */
export function repetitionsFor(particles: number): number {
  if (particles <= 4_096) return 7;
  if (particles <= 16_384) return 5;
  if (particles <= 65_536) return 4;
  return 3;
}

/**
 * Steps per repetition so that it lasts about `targetSeconds`, given what one step of every
 * particle is expected to cost (from the previous size: conservative, throughput grows with
 * size); null when even `minSteps` would outlast the plan's maxSeconds.
 */
export function chooseSteps(
  plan: BenchPlan,
  targetSeconds: number,
  secondsPerStep: number,
  minSteps: number,
): number | null {
  if (plan.fixedSteps !== null) return plan.fixedSteps;
  if (plan.maxSeconds !== null && minSteps * secondsPerStep > plan.maxSeconds) return null;
  const steps = Math.round(targetSeconds / secondsPerStep);
  return Math.min(MAX_STEPS, Math.max(minSteps, steps));
}
