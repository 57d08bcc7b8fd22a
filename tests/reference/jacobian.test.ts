// The analytic Jacobian against central differences of the field, and its eigenvalues at the
// equilibrium against every closed form of the guide.
import { describe, expect, it } from 'vitest';
import type { Method } from '../../src/model/config.ts';
import { field, jacobian, nonDifferentiableReason } from '../../src/reference/field.ts';
import { eigenvalues } from '../../src/reference/linear-algebra.ts';
import type { Complex, Vec2 } from '../../src/reference/types.ts';
import { configWith } from './configs.ts';

const method = (settings: Partial<Method>) => configWith(settings).method;

function centralDifferences(m: Method, [theta, psi]: Vec2): number[][] {
  const h = 1e-5;
  const dTheta = [field(m, theta + h, psi), field(m, theta - h, psi)];
  const dPsi = [field(m, theta, psi + h), field(m, theta, psi - h)];
  return [0, 1].map((k) => [
    (dTheta[0][k] - dTheta[1][k]) / (2 * h),
    (dPsi[0][k] - dPsi[1][k]) / (2 * h),
  ]);
}

const METHODS: Record<string, Partial<Method>> = {
  gan: { loss: 'gan' },
  nsgan: { loss: 'nsgan' },
  wgan: { loss: 'wgan' },
  'lsgan (0.3, -0.7, 0.5)': { loss: 'lsgan', lsCodes: [0.3, -0.7, 0.5] },
  hinge: { loss: 'hinge' },
  'gan + mse 1': { loss: 'gan', mse: 1 },
  'nsgan + r1 0.3': { loss: 'nsgan', r1: 0.3 },
  'gan + r2 0.8': { loss: 'gan', r2: 0.8 },
  'wgan-gp (0.7, 1)': { loss: 'wgan', gp: 0.7, gpTarget: 1 },
  'gan + noise 0.7': { loss: 'gan', noise: 0.7 },
  'nsgan + noise 0.5 + mse 0.3': { loss: 'nsgan', noise: 0.5, mse: 0.3 },
  'lsgan + noise 0.6': { loss: 'lsgan', lsCodes: [0.3, -0.7, 0.5], noise: 0.6 },
  'gan + consensus 1': { loss: 'gan', consensus: 1 },
  'nsgan + consensus 0.5': { loss: 'nsgan', consensus: 0.5 },
  'gan + noise 0.7 + consensus 0.8': { loss: 'gan', noise: 0.7, consensus: 0.8 },
  'nsgan + r1 0.3 + mse 0.2 + consensus 0.4': { loss: 'nsgan', r1: 0.3, mse: 0.2, consensus: 0.4 },
  'lsgan + consensus 0.3': { loss: 'lsgan', lsCodes: [0.3, -0.7, 0.5], consensus: 0.3 },
  'hinge + consensus 0.5': { loss: 'hinge', consensus: 0.5 },
};

// Off the kinks: psi theta != 1 (hinge) and psi != 0 (WGAN-GP).
const POINTS: Vec2[] = [
  [0.3, -0.7],
  [1.2, 0.8],
  [-1.5, 2],
  [0.05, -0.02],
  [2, -1.3],
];

describe('analytic Jacobian against central differences', () => {
  for (const [name, settings] of Object.entries(METHODS)) {
    it(name, () => {
      const m = method(settings);
      for (const point of POINTS) {
        const analytic = jacobian(m, ...point);
        expect(analytic).not.toBeNull();
        const numeric = centralDifferences(m, point);
        // Step 1e-5: truncation h^2 |v'''| ~ 1e-9 at these scales, rounding 1e-16 / 1e-5.
        const scale = Math.max(1, ...numeric.flat().map(Math.abs));
        for (let i = 0; i < 2; i++) {
          for (let j = 0; j < 2; j++) {
            expect(Math.abs(analytic![i][j] - numeric[i][j])).toBeLessThan(1e-8 * scale);
          }
        }
      }
    });
  }
});

describe('where J does not exist', () => {
  it('WGAN-GP with g0 != 0 on psi = 0', () => {
    const m = method({ loss: 'wgan', gp: 0.7, gpTarget: 1 });
    expect(jacobian(m, 0.3, 0)).toBeNull();
    expect(nonDifferentiableReason(m, 0.3, 0)).toMatch(/WGAN-GP.*psi = 0/);
    expect(jacobian(m, 0.3, 1e-9)).not.toBeNull();
  });

  it('WGAN-GP with g0 = 0 is smooth: gamma psi', () => {
    const m = method({ loss: 'wgan', gp: 0.7, gpTarget: 0 });
    expect(jacobian(m, 0.3, 0)).toEqual([
      [0, -1],
      [1, -0.7],
    ]);
  });

  it('hinge on psi theta = 1, with or without consensus', () => {
    for (const consensus of [0, 0.5]) {
      const m = method({ loss: 'hinge', consensus });
      expect(jacobian(m, 2, 0.5)).toBeNull();
      expect(nonDifferentiableReason(m, 2, 0.5)).toMatch(/hinge.*kink/);
      expect(jacobian(m, 2, 0.49)).not.toBeNull();
    }
  });
});

/** Eigenvalues of J(0, 0), sorted like the reference: real part, then imaginary, descending. */
function expectEigenvalues(settings: Partial<Method>, expected: Complex[], tolerance: number) {
  const J = jacobian(method(settings), 0, 0);
  expect(J).not.toBeNull();
  const actual = eigenvalues(J!);
  expect(actual).toHaveLength(2);
  actual.forEach(([re, im], k) => {
    expect(Math.abs(re - expected[k][0])).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(im - expected[k][1])).toBeLessThanOrEqual(tolerance);
  });
}

/** -b +- sqrt(b^2 - c) as sorted complex pairs. */
function roots(b: number, c: number): Complex[] {
  const discriminant = b * b - c;
  if (discriminant >= 0) {
    const s = Math.sqrt(discriminant);
    return [
      [-b + s, 0],
      [-b - s, 0],
    ];
  }
  const s = Math.sqrt(-discriminant);
  return [
    [-b, s],
    [-b, -s],
  ];
}

// Closed forms against a 2x2 quadratic in f64: a few ulps.
const ULPS = 1e-14;

describe('eigenvalues of J(0, 0) against the guide', () => {
  it('gan and nsgan: +-i/2; wgan and hinge: +-i', () => {
    for (const loss of ['gan', 'nsgan'] as const) {
      expect(jacobian(method({ loss }), 0, 0)).toEqual([
        [0, -0.5],
        [0.5, 0],
      ]);
      expectEigenvalues({ loss }, roots(0, 1 / 4), ULPS);
    }
    for (const loss of ['wgan', 'hinge'] as const) {
      expect(jacobian(method({ loss }), 0, 0)).toEqual([
        [0, -1],
        [1, 0],
      ]);
      expectEigenvalues({ loss }, roots(0, 1), ULPS);
    }
  });

  it('MSE lambda = 1 gives -0.1339746 and -1.8660254 for gan and nsgan', () => {
    for (const loss of ['gan', 'nsgan'] as const) {
      expectEigenvalues(
        { loss, mse: 1 },
        [
          [-1 + Math.sqrt(3) / 2, 0],
          [-1 - Math.sqrt(3) / 2, 0],
        ],
        ULPS,
      );
      const [[high], [low]] = eigenvalues(jacobian(method({ loss, mse: 1 }), 0, 0)!);
      expect(high).toBeCloseTo(-0.1339746, 7);
      expect(low).toBeCloseTo(-1.8660254, 7);
    }
  });

  it.each([0.1, 0.3, 2, 5])('MSE lambda = %f: -lambda +- sqrt(lambda^2 - 1/4)', (lambda) => {
    expectEigenvalues({ loss: 'gan', mse: lambda }, roots(lambda, 1 / 4), ULPS);
    expectEigenvalues({ loss: 'nsgan', mse: lambda }, roots(lambda, 1 / 4), ULPS);
  });

  it('MSE lambda = 1/2: a double eigenvalue -1/2', () => {
    // A defective 2x2 matrix: rounding eps in the discriminant moves the roots by sqrt(eps).
    expectEigenvalues({ loss: 'gan', mse: 0.5 }, roots(0.5, 1 / 4), 3e-8);
  });

  it.each([0.3, 0.9, 1.7])('R1 and R2 gamma = %f: -gamma/2 +- sqrt(gamma^2/4 - 1/4)', (gamma) => {
    expectEigenvalues({ loss: 'gan', r1: gamma }, roots(gamma / 2, 1 / 4), ULPS);
    expectEigenvalues({ loss: 'nsgan', r2: gamma }, roots(gamma / 2, 1 / 4), ULPS);
  });

  it.each([0.3, 0.7, 1.2, 2])('noise sigma = %f: -sigma^2/4 +- sqrt(sigma^4/16 - 1/4)', (sigma) => {
    expect(jacobian(method({ loss: 'gan', noise: sigma }), 0, 0)![1][1]).toBeCloseTo(
      -(sigma * sigma) / 2,
      14,
    );
    // Gauss-Hermite is exact here (f', f'' at psi = 0 are constants): rounding of 20 terms.
    expectEigenvalues({ loss: 'gan', noise: sigma }, roots((sigma * sigma) / 4, 1 / 4), 1e-13);
  });

  it.each([0.5, 1, 3])('consensus gamma = %f: -gamma/4 +- i/2 for gan and nsgan', (gamma) => {
    for (const loss of ['gan', 'nsgan'] as const) {
      expect(jacobian(method({ loss, consensus: gamma }), 0, 0)).toEqual([
        [-gamma / 4, -0.5],
        [0.5, -gamma / 4],
      ]);
      expectEigenvalues(
        { loss, consensus: gamma },
        [
          [-gamma / 4, 0.5],
          [-gamma / 4, -0.5],
        ],
        ULPS,
      );
    }
  });

  it('LSGAN codes (a, b, c): J = [[0, -c], [-a, 0]], eigenvalues +-sqrt(a c)', () => {
    const codes: [number, number, number][] = [
      [0.5, 1, 2],
      [-0.5, 1, 2],
      [-1, 1, 0],
    ];
    for (const [a, b, c] of codes) {
      // x + 0 turns -0 into 0: toEqual tells them apart.
      const J = jacobian(method({ loss: 'lsgan', lsCodes: [a, b, c] }), 0, 0)!;
      expect(J.map((row) => row.map((x) => x + 0))).toEqual([
        [0, -c + 0],
        [-a + 0, 0],
      ]);
      expectEigenvalues({ loss: 'lsgan', lsCodes: [a, b, c] }, roots(0, -a * c), ULPS);
    }
  });
});
