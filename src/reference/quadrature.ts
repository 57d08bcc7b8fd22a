// Gauss-Hermite quadrature: instance noise enters the field as an exact, smooth expectation.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Node count of the noise expectation, shared by the f64 reference and the WGSL. The error
 * grows with psi * sigma (the sigmoid sharpens): ~1e-13 at 0.7, ~1e-7 at 1.5, ~3e-3 at 4.5.
 */
export const NOISE_NODES = 20;

export interface Quadrature {
  nodes: Float64Array;
  weights: Float64Array;
}

/**
 * Physicists' Gauss-Hermite rule: integral of h(x) e^{-x^2} dx ~ sum w_i h(x_i), exact for
 * polynomials of degree < 2n; the weights sum to sqrt(pi). Nodes ascend. For an expectation
 * over N(0, sigma^2) use x = sigma * sqrt(2) * node with probability weight / sqrt(pi), as
 * normalQuadrature does.
 */
export function gaussHermite(n: number): Quadrature {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gaussHermite: n = ${n}`);

  // Golub-Welsch: the nodes are the eigenvalues of the symmetric Jacobi matrix of the
  // recurrence; Newton on the orthonormal polynomial then polishes them to full precision.
  const jacobi = Matrix.zeros(n, n);
  for (let k = 1; k < n; k++) {
    jacobi.set(k - 1, k, Math.sqrt(k / 2));
    jacobi.set(k, k - 1, Math.sqrt(k / 2));
  }
  const guesses = new EigenvalueDecomposition(jacobi, { assumeSymmetric: true }).realEigenvalues;
  guesses.sort((a, b) => a - b);

  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  guesses.forEach((guess, i) => {
    let x = guess;
    for (let iteration = 0; iteration < 8; iteration++) {
      const { value, previous } = orthonormalHermite(n, x);
      const dx = value / (Math.sqrt(2 * n) * previous);
      x -= dx;
      if (Math.abs(dx) <= 1e-16 * Math.max(1, Math.abs(x))) break;
    }
    const { previous } = orthonormalHermite(n, x);
    nodes[i] = x;
    weights[i] = 1 / (n * previous * previous);
  });

  // The rule is symmetric about 0; make it exactly so, odd moments then vanish exactly.
  for (let i = 0; i < n / 2; i++) {
    const mirror = n - 1 - i;
    const node = (nodes[mirror] - nodes[i]) / 2;
    const weight = (weights[mirror] + weights[i]) / 2;
    [nodes[i], nodes[mirror], weights[i], weights[mirror]] = [-node, node, weight, weight];
  }
  return { nodes, weights };
}

/** Orthonormal Hermite polynomials p_n(x) and p_{n-1}(x); p_n' = sqrt(2n) p_{n-1}. */
function orthonormalHermite(n: number, x: number): { value: number; previous: number } {
  let previous = 0;
  let value = Math.PI ** -0.25;
  for (let j = 1; j <= n; j++) {
    const next = x * Math.sqrt(2 / j) * value - Math.sqrt((j - 1) / j) * previous;
    previous = value;
    value = next;
  }
  return { value, previous };
}

/** Sample points e_i and probabilities p_i with E[h(e)] ~ sum p_i h(e_i), e ~ N(0, sigma^2). */
export interface NormalQuadrature {
  points: Float64Array;
  probabilities: Float64Array;
}

const standardRule = gaussHermite(NOISE_NODES);
const noiseless: NormalQuadrature = {
  points: new Float64Array([0]),
  probabilities: new Float64Array([1]),
};

/** The NOISE_NODES-point rule for N(0, sigma^2); sigma = 0 is the single point e = 0. */
export function normalQuadrature(sigma: number): NormalQuadrature {
  if (sigma === 0) return noiseless;
  return {
    points: standardRule.nodes.map((node) => sigma * Math.SQRT2 * node),
    probabilities: standardRule.weights.map((weight) => weight / Math.sqrt(Math.PI)),
  };
}
