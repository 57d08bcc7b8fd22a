// Linear prediction against measurement: near the equilibrium, a spectral radius rho < 1 of
// the update map (the reference's 'converges' verdict, which counts rho within 1e-12 of 1 as
// neutral) predicts that runs arrive; the basin map says whether they did.
import { type BasinOutcome, decodeOutcome } from './outcomes.ts';

export const PREDICTION = {
  /** Farther than the radius from the equilibrium, or starting within epsilon of it. */
  notJudged: 0,
  agrees: 1,
  /** Predicted to arrive, yet the run diverged or did not arrive within K steps. */
  missedConvergence: 2,
  /** Not predicted to arrive, yet the run arrived. */
  unexpectedConvergence: 3,
} as const;

export interface PredictionSummary {
  judged: number;
  disagreeing: number;
}

/** One PREDICTION code per pixel of a basin map whose starts are thetas x psis. */
export function predictionMask(
  outcomes: Uint32Array,
  thetas: ArrayLike<number>,
  psis: ArrayLike<number>,
  predicted: boolean,
  radius: number,
): Uint8Array {
  const mask = new Uint8Array(outcomes.length);
  for (let pixel = 0; pixel < outcomes.length; pixel++) {
    const theta = thetas[pixel % thetas.length];
    const psi = psis[Math.floor(pixel / thetas.length)];
    const outcome: BasinOutcome = decodeOutcome(outcomes[pixel]);
    const trivial = outcome.kind === 'converged' && outcome.step === 0;
    if (Math.hypot(theta, psi) > radius || trivial) continue;
    const arrived = outcome.kind === 'converged';
    if (arrived === predicted) mask[pixel] = PREDICTION.agrees;
    else mask[pixel] = predicted ? PREDICTION.missedConvergence : PREDICTION.unexpectedConvergence;
  }
  return mask;
}

export function summarizePrediction(mask: Uint8Array): PredictionSummary {
  let judged = 0;
  let disagreeing = 0;
  for (const code of mask) {
    if (code !== PREDICTION.notJudged) judged++;
    if (code === PREDICTION.missedConvergence || code === PREDICTION.unexpectedConvergence) {
      disagreeing++;
    }
  }
  return { judged, disagreeing };
}
