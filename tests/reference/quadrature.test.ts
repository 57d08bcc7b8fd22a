import { describe, expect, it } from 'vitest';
import { NOISE_NODES, gaussHermite, normalQuadrature } from '../../src/reference/quadrature.ts';

/** E[e^k] for e ~ N(0, sigma^2): 0 for odd k, sigma^k (k - 1)!! for even k. */
function normalMoment(k: number, sigma: number): number {
  if (k % 2 === 1) return 0;
  let doubleFactorial = 1;
  for (let j = k - 1; j > 1; j -= 2) doubleFactorial *= j;
  return sigma ** k * doubleFactorial;
}

describe('gaussHermite', () => {
  it('matches the closed-form rules for n = 2 and n = 3', () => {
    // H_2 = 4x^2 - 2, H_3 = 8x^3 - 12x; weights from 2^{n-1} n! sqrt(pi) / (n H_{n-1}(x))^2.
    const two = gaussHermite(2);
    [-Math.SQRT1_2, Math.SQRT1_2].forEach((x, i) => expect(two.nodes[i]).toBeCloseTo(x, 15));
    two.weights.forEach((w) => expect(w).toBeCloseTo(Math.sqrt(Math.PI) / 2, 15));

    const three = gaussHermite(3);
    const outer = Math.sqrt(3 / 2);
    [-outer, 0, outer].forEach((x, i) => expect(three.nodes[i]).toBeCloseTo(x, 15));
    const expected = [Math.sqrt(Math.PI) / 6, (2 * Math.sqrt(Math.PI)) / 3, Math.sqrt(Math.PI) / 6];
    expected.forEach((w, i) => expect(three.weights[i]).toBeCloseTo(w, 15));
  });

  it('is symmetric, ascending, and its weights sum to sqrt(pi)', () => {
    const { nodes, weights } = gaussHermite(NOISE_NODES);
    for (let i = 0; i < NOISE_NODES; i++) {
      expect(nodes[i]).toBe(-nodes[NOISE_NODES - 1 - i]);
      expect(weights[i]).toBe(weights[NOISE_NODES - 1 - i]);
      if (i > 0) expect(nodes[i]).toBeGreaterThan(nodes[i - 1]);
    }
    // Sum of 20 positive terms: a few ulps of sqrt(pi).
    expect(Math.abs(weights.reduce((a, b) => a + b, 0) - Math.sqrt(Math.PI))).toBeLessThan(1e-15);
  });

  it('rejects node counts that are not positive integers', () => {
    expect(() => gaussHermite(0)).toThrow(RangeError);
    expect(() => gaussHermite(2.5)).toThrow(RangeError);
  });
});

describe('normalQuadrature', () => {
  it.each([0.3, 0.7, 1, 2.5])('integrates every moment of degree < 40 of N(0, %f^2)', (sigma) => {
    const { points, probabilities } = normalQuadrature(sigma);
    expect(points.length).toBe(NOISE_NODES);
    for (let k = 0; k < 2 * NOISE_NODES; k++) {
      const quadrature = points.reduce((sum, e, i) => sum + probabilities[i] * e ** k, 0);
      const magnitude = points.reduce((sum, e, i) => sum + probabilities[i] * Math.abs(e) ** k, 0);
      // Exact rule: only rounding of a 20-term sum remains, a few ulps of the sum of |terms|.
      expect(Math.abs(quadrature - normalMoment(k, sigma))).toBeLessThanOrEqual(1e-14 * magnitude);
    }
  });

  it('is the single point 0 without noise', () => {
    const { points, probabilities } = normalQuadrature(0);
    expect(Array.from(points)).toEqual([0]);
    expect(Array.from(probabilities)).toEqual([1]);
  });
});
