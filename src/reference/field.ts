// The Dirac-GAN vector field v(theta, psi), its Jacobian J = dv/dx and, for consensus, the
// Hessians of its components: all analytic, with the noise expectation by Gauss-Hermite.
import type { Method } from '../model/config.ts';
import { lossTerms } from './losses.ts';
import { normalQuadrature } from './quadrature.ts';
import type { Mat2, Vec2 } from './types.ts';

/** v with its derivatives; hessians[k][i][j] = d^2 v_k / dx_i dx_j, x = (theta, psi). */
export interface FieldDerivatives {
  v: Vec2;
  jacobian: Mat2;
  hessians: [Mat2, Mat2];
}

/** The direction (theta, psi) moves under gradient flow. */
export function field(method: Method, theta: number, psi: number): Vec2 {
  const base = regularisedDerivatives(method, theta, psi);
  if (method.consensus === 0) return base.v;

  // v - gamma J^T v, with the almost-everywhere J at kinks.
  const [v0, v1] = base.v;
  const J = base.jacobian;
  const gamma = method.consensus;
  return [v0 - gamma * (J[0][0] * v0 + J[1][0] * v1), v1 - gamma * (J[0][1] * v0 + J[1][1] * v1)];
}

/** J = dv/d(theta, psi), or null where v is not differentiable (see nonDifferentiableReason). */
export function jacobian(method: Method, theta: number, psi: number): Mat2 | null {
  if (nonDifferentiableReason(method, theta, psi) !== null) return null;
  const base = regularisedDerivatives(method, theta, psi);
  if (method.consensus === 0) return base.jacobian;

  // d(J^T v)/dx = J^T J + sum_k v_k H_k.
  const J = base.jacobian;
  const [H0, H1] = base.hessians;
  const gamma = method.consensus;
  const entry = (i: 0 | 1, j: 0 | 1) => {
    const JtJ = J[0][i] * J[0][j] + J[1][i] * J[1][j];
    const vH = base.v[0] * H0[i][j] + base.v[1] * H1[i][j];
    return J[i][j] - gamma * (JtJ + vH);
  };
  return [
    [entry(0, 0), entry(0, 1)],
    [entry(1, 0), entry(1, 1)],
  ];
}

/** Why v has no Jacobian at (theta, psi), or null where it has one. */
export function nonDifferentiableReason(method: Method, theta: number, psi: number): string | null {
  if (method.gp > 0 && method.gpTarget !== 0 && psi === 0) {
    return 'the WGAN-GP term gamma (|psi| - g0) sign(psi) jumps across psi = 0';
  }

  // Noise smooths kinks out, but J here would miss their delta terms: configConflicts rejects
  // noise on the hinge loss. Without noise, samples sit at X = theta and Y = 0.
  if (method.noise > 0) return null;
  const terms = lossTerms(method);
  const t = psi * theta;
  if (psi !== 0 && terms.generator.kinks.includes(t)) {
    return `the generator's loss has a kink at psi * theta = ${t}`;
  }
  if (theta !== 0 && terms.fake.kinks.includes(t)) {
    return `the ${method.loss} loss has a kink at psi * theta = ${t}`;
  }
  return null;
}

/** The loss's expectation plus the regularisers, without consensus. */
export function regularisedDerivatives(
  method: Method,
  theta: number,
  psi: number,
): FieldDerivatives {
  const derivatives = lossDerivatives(method, theta, psi);
  const { v, jacobian: J } = derivatives;

  v[0] -= 2 * method.mse * theta;
  J[0][0] -= 2 * method.mse;

  const gamma = method.r1 + method.r2;
  v[1] -= gamma * psi;
  J[1][1] -= gamma;

  // Both branches of (|psi| - g0) sign(psi) have slope 1.
  v[1] -= method.gp * (Math.abs(psi) - method.gpTarget) * Math.sign(psi);
  J[1][1] -= method.gp;

  return derivatives;
}

function lossDerivatives(method: Method, theta: number, psi: number): FieldDerivatives {
  const { generator: g, fake: F, real: R } = lossTerms(method);
  const { points, probabilities } = normalQuadrature(method.noise);
  const v: Vec2 = [0, 0];
  const J: Mat2 = [
    [0, 0],
    [0, 0],
  ];
  const H0: Mat2 = [
    [0, 0],
    [0, 0],
  ];
  const H1: Mat2 = [
    [0, 0],
    [0, 0],
  ];

  for (let i = 0; i < points.length; i++) {
    const p = probabilities[i];
    const X = theta + points[i];
    const Y = points[i];
    const u = psi * X;
    const s = psi * Y;
    const [g1, g2, g3] = [g.d1(u), g.d2(u), g.d3(u)];
    const [F1, F2, F3] = [F.d1(u), F.d2(u), F.d3(u)];
    const [R1, R2, R3] = [R.d1(s), R.d2(s), R.d3(s)];

    // v_theta = -psi g'(psi X)
    v[0] -= p * psi * g1;
    J[0][0] -= p * psi * psi * g2;
    J[0][1] -= p * (g1 + psi * X * g2);
    H0[0][0] -= p * psi * psi * psi * g3;
    H0[0][1] -= p * (2 * psi * g2 + psi * psi * X * g3);
    H0[1][1] -= p * (2 * X * g2 + psi * X * X * g3);

    // v_psi = X F'(psi X) + Y R'(psi Y)
    v[1] += p * (X * F1 + Y * R1);
    J[1][0] += p * (F1 + psi * X * F2);
    J[1][1] += p * (X * X * F2 + Y * Y * R2);
    H1[0][0] += p * (2 * psi * F2 + psi * psi * X * F3);
    H1[0][1] += p * (2 * X * F2 + psi * X * X * F3);
    H1[1][1] += p * (X * X * X * F3 + Y * Y * Y * R3);
  }
  H0[1][0] = H0[0][1];
  H1[1][0] = H1[0][1];
  return { v, jacobian: J, hessians: [H0, H1] };
}
