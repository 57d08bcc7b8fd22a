// The fastest plain JavaScript we could write for the benchmarked cases, so that the GPU is
// compared with a fair CPU loop: flat Float32Array state, the field written inside the loop,
// one particle at a time through all its steps (it stays in registers), no allocation.
import type { Config } from '../model/config.ts';
import { normalQuadrature } from '../reference/quadrature.ts';

/** Advances interleaved (theta, psi) pairs by `steps` optimiser steps, in place. */
export type CpuLoop = (positions: Float32Array, steps: number) => void;

/** The tuned loop for a GAN-loss config with optional MSE and instance noise, RK4 or SimGD. */
export function tunedLoop(config: Config): CpuLoop {
  const { method, optimizer } = config;
  const others = method.clip + method.r1 + method.r2 + method.gp + method.consensus;
  if (method.loss !== 'gan' || others !== 0) {
    throw new Error('tuned CPU loop: only the gan loss with mse and instance noise is written');
  }
  const mse2 = 2 * method.mse;
  const { points, probabilities } = normalQuadrature(method.noise);

  switch (optimizer.optimizer) {
    case 'flow':
      return method.noise > 0
        ? (positions, steps) =>
            noiseFlow(positions, steps, optimizer.dt, mse2, points, probabilities)
        : (positions, steps) => logisticFlow(positions, steps, optimizer.dt, mse2);
    case 'simgd':
      return method.noise > 0
        ? (positions, steps) =>
            noiseSimgd(positions, steps, optimizer.lrG, optimizer.lrD, mse2, points, probabilities)
        : (positions, steps) => logisticSimgd(positions, steps, optimizer.lrG, optimizer.lrD, mse2);
    default:
      throw new Error(`tuned CPU loop: optimizer ${optimizer.optimizer} is not written`);
  }
}

// RK4 stages: k_s = v(x + c_s h k_{s-1}), x+ = x + h/6 sum b_s k_s. One loop over the stages
// keeps a single copy of the field in the source; V8 runs it as fast as the unrolled form.
const STAGE_OFFSET = [0, 0.5, 0.5, 1];
const STAGE_WEIGHT = [1, 2, 2, 1];

// v = (-psi f'(psi theta) - 2 lambda theta, theta f'(psi theta)), f'(t) = 1 / (1 + e^t).
function logisticFlow(positions: Float32Array, steps: number, dt: number, mse2: number): void {
  for (let i = 0; i < positions.length; i += 2) {
    let theta = positions[i];
    let psi = positions[i + 1];
    for (let step = 0; step < steps; step++) {
      let kTheta = 0;
      let kPsi = 0;
      let sumTheta = 0;
      let sumPsi = 0;
      for (let stage = 0; stage < 4; stage++) {
        const c = STAGE_OFFSET[stage] * dt;
        const t = theta + c * kTheta;
        const p = psi + c * kPsi;
        const slope = 1 / (1 + Math.exp(p * t));
        kTheta = -p * slope - mse2 * t;
        kPsi = t * slope;
        sumTheta += STAGE_WEIGHT[stage] * kTheta;
        sumPsi += STAGE_WEIGHT[stage] * kPsi;
      }
      theta += (dt / 6) * sumTheta;
      psi += (dt / 6) * sumPsi;
    }
    positions[i] = theta;
    positions[i + 1] = psi;
  }
}

function logisticSimgd(
  positions: Float32Array,
  steps: number,
  lrG: number,
  lrD: number,
  mse2: number,
): void {
  for (let i = 0; i < positions.length; i += 2) {
    let theta = positions[i];
    let psi = positions[i + 1];
    for (let step = 0; step < steps; step++) {
      const slope = 1 / (1 + Math.exp(psi * theta));
      const vTheta = -psi * slope - mse2 * theta;
      const vPsi = theta * slope;
      theta += lrG * vTheta;
      psi += lrD * vPsi;
    }
    positions[i] = theta;
    positions[i + 1] = psi;
  }
}

// v_theta = -psi E f'(psi X) - 2 lambda theta, v_psi = E[X f'(psi X)] - E[Y f'(-psi Y)], with
// X = theta + e, Y = e, the expectation over e by the reference's Gauss-Hermite rule.
function noiseFlow(
  positions: Float32Array,
  steps: number,
  dt: number,
  mse2: number,
  points: Float64Array,
  probabilities: Float64Array,
): void {
  const nodes = points.length;
  for (let i = 0; i < positions.length; i += 2) {
    let theta = positions[i];
    let psi = positions[i + 1];
    for (let step = 0; step < steps; step++) {
      let kTheta = 0;
      let kPsi = 0;
      let sumTheta = 0;
      let sumPsi = 0;
      for (let stage = 0; stage < 4; stage++) {
        const c = STAGE_OFFSET[stage] * dt;
        const t = theta + c * kTheta;
        const p = psi + c * kPsi;
        let fake = 0;
        let fakeX = 0;
        let realY = 0;
        for (let k = 0; k < nodes; k++) {
          const e = points[k];
          const x = t + e;
          const weighted = probabilities[k] / (1 + Math.exp(p * x));
          fake += weighted;
          fakeX += x * weighted;
          realY += (probabilities[k] * e) / (1 + Math.exp(-p * e));
        }
        kTheta = -p * fake - mse2 * t;
        kPsi = fakeX - realY;
        sumTheta += STAGE_WEIGHT[stage] * kTheta;
        sumPsi += STAGE_WEIGHT[stage] * kPsi;
      }
      theta += (dt / 6) * sumTheta;
      psi += (dt / 6) * sumPsi;
    }
    positions[i] = theta;
    positions[i + 1] = psi;
  }
}

function noiseSimgd(
  positions: Float32Array,
  steps: number,
  lrG: number,
  lrD: number,
  mse2: number,
  points: Float64Array,
  probabilities: Float64Array,
): void {
  const nodes = points.length;
  for (let i = 0; i < positions.length; i += 2) {
    let theta = positions[i];
    let psi = positions[i + 1];
    for (let step = 0; step < steps; step++) {
      let fake = 0;
      let fakeX = 0;
      let realY = 0;
      for (let k = 0; k < nodes; k++) {
        const e = points[k];
        const x = theta + e;
        const weighted = probabilities[k] / (1 + Math.exp(psi * x));
        fake += weighted;
        fakeX += x * weighted;
        realY += (probabilities[k] * e) / (1 + Math.exp(-psi * e));
      }
      const vTheta = -psi * fake - mse2 * theta;
      const vPsi = fakeX - realY;
      theta += lrG * vTheta;
      psi += lrD * vPsi;
    }
    positions[i] = theta;
    positions[i + 1] = psi;
  }
}
