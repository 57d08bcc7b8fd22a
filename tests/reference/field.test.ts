// The field of every loss and regulariser against the guide's formulas, written here
// independently of the reference's per-sample loss catalogue.
import { describe, expect, it } from 'vitest';
import type { Method } from '../../src/model/config.ts';
import { field } from '../../src/reference/field.ts';
import type { Vec2 } from '../../src/reference/types.ts';
import { configWith, fPrime } from './configs.ts';

const POINTS: Vec2[] = [
  [1, 1],
  [0.5, -2],
  [-1.5, 0.3],
  [2, 3],
  [-0.2, -0.7],
];

const method = (settings: Partial<Method>) => configWith(settings).method;

/** E[h(e)], e ~ N(0, sigma^2), by composite Simpson on +-12 sigma: independent of Gauss-Hermite. */
function normalExpectation(h: (e: number) => number, sigma: number): number {
  const intervals = 8000;
  const dx = (24 * sigma) / intervals;
  let sum = 0;
  for (let i = 0; i <= intervals; i++) {
    const e = -12 * sigma + i * dx;
    const simpson = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    sum += simpson * h(e) * Math.exp(-(e * e) / (2 * sigma * sigma));
  }
  return (sum * dx) / 3 / (sigma * Math.sqrt(2 * Math.PI));
}

/** The field by central differences, for the consensus term J^T v. */
function numericalJacobian(v: (theta: number, psi: number) => Vec2, [theta, psi]: Vec2) {
  const h = 1e-5;
  const dTheta = [v(theta + h, psi), v(theta - h, psi)];
  const dPsi = [v(theta, psi + h), v(theta, psi - h)];
  return [0, 1].map((k) => [
    (dTheta[0][k] - dTheta[1][k]) / (2 * h),
    (dPsi[0][k] - dPsi[1][k]) / (2 * h),
  ]);
}

function expectField(actual: Vec2, expected: Vec2, tolerance: number) {
  expect(Math.abs(actual[0] - expected[0])).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(actual[1] - expected[1])).toBeLessThanOrEqual(tolerance);
}

// Closed forms evaluate the same expressions in another order: a few ulps.
const ROUNDING = 1e-14;

const guide: Record<string, [Partial<Method>, (theta: number, psi: number) => Vec2]> = {
  gan: [{ loss: 'gan' }, (t, p) => [-p * fPrime(p * t), t * fPrime(p * t)]],
  nsgan: [{ loss: 'nsgan' }, (t, p) => [-p * fPrime(-p * t), t * fPrime(p * t)]],
  wgan: [{ loss: 'wgan' }, (t, p) => [-p, t]],
  'wgan clip 1 (the field ignores the clip)': [{ loss: 'wgan', clip: 1 }, (t, p) => [-p, t]],
  'wgan-gp (0.7, 1)': [
    { loss: 'wgan', gp: 0.7, gpTarget: 1 },
    (t, p) => [-p, t - 0.7 * (Math.abs(p) - 1) * Math.sign(p)],
  ],
  'gan + r1 0.3': [
    { loss: 'gan', r1: 0.3 },
    (t, p) => [-p * fPrime(p * t), t * fPrime(p * t) - 0.3 * p],
  ],
  'gan + r2 1.2': [
    { loss: 'gan', r2: 1.2 },
    (t, p) => [-p * fPrime(p * t), t * fPrime(p * t) - 1.2 * p],
  ],
  'nsgan + r1 0.5': [
    { loss: 'nsgan', r1: 0.5 },
    (t, p) => [-p * fPrime(-p * t), t * fPrime(p * t) - 0.5 * p],
  ],
  'gan + mse 1': [
    { loss: 'gan', mse: 1 },
    (t, p) => [-p * fPrime(p * t) - 2 * t, t * fPrime(p * t)],
  ],
  'nsgan + mse 0.4': [
    { loss: 'nsgan', mse: 0.4 },
    (t, p) => [-p * fPrime(-p * t) - 0.8 * t, t * fPrime(p * t)],
  ],
  'lsgan (-1, 1, 0)': [{ loss: 'lsgan' }, (t, p) => [-p * (p * t), -t * (p * t - 1)]],
  'lsgan (0.3, -0.7, 0.5)': [
    { loss: 'lsgan', lsCodes: [0.3, -0.7, 0.5] },
    (t, p) => [-p * (p * t + 0.5), -t * (p * t + 0.3)],
  ],
  hinge: [{ loss: 'hinge' }, (t, p) => [-p, p * t < 1 ? t : 0]],
  'hinge + r1 0.2': [{ loss: 'hinge', r1: 0.2 }, (t, p) => [-p, (p * t < 1 ? t : 0) - 0.2 * p]],
};

describe('field against the guide', () => {
  for (const [name, [settings, expected]] of Object.entries(guide)) {
    it(name, () => {
      for (const [theta, psi] of POINTS) {
        expectField(field(method(settings), theta, psi), expected(theta, psi), ROUNDING * 10);
      }
    });
  }

  it('wgan-gp uses sign(0) = 0: v_psi = theta on psi = 0', () => {
    expect(field(method({ loss: 'wgan', gp: 0.7, gpTarget: 1 }), 0.4, 0)).toEqual([0, 0.4]);
  });

  it('the non-saturating + MSE field at (3, 3) has psi component 3.7e-4, not 3', () => {
    const [, vPsi] = field(method({ loss: 'nsgan', mse: 1 }), 3, 3);
    expect(vPsi).toBeCloseTo(3 / (1 + Math.exp(9)), 15);
    expect(vPsi).toBeCloseTo(3.7e-4, 5);
  });
});

describe('instance noise against an independent expectation', () => {
  // Gauss-Hermite with 20 nodes on a sigmoid of width >= 1/(|psi| sigma) >= 1 and the Simpson
  // reference (8000 intervals) both land within ~1e-10 here.
  const TOLERANCE = 1e-9;
  const NOISY_POINTS: Vec2[] = [
    [1, 1],
    [0.5, -1],
    [-1.5, 0.3],
    [2, 0.8],
  ];

  it.each([0.3, 0.7])(
    "gan, sigma = %f: v = (-psi E f'(psi X), E[X f'(psi X)] - E[Y f'(-psi Y)])",
    (sigma) => {
      for (const [theta, psi] of NOISY_POINTS) {
        const expected: Vec2 = [
          -psi * normalExpectation((e) => fPrime(psi * (theta + e)), sigma),
          normalExpectation((e) => (theta + e) * fPrime(psi * (theta + e)), sigma) -
            normalExpectation((e) => e * fPrime(-psi * e), sigma),
        ];
        expectField(field(method({ loss: 'gan', noise: sigma }), theta, psi), expected, TOLERANCE);
      }
    },
  );

  it('gan + noise 0.7 + mse 0.5 adds -2 lambda theta to the noisy field', () => {
    for (const [theta, psi] of NOISY_POINTS) {
      const noisy = field(method({ loss: 'gan', noise: 0.7 }), theta, psi);
      const combined = field(method({ loss: 'gan', noise: 0.7, mse: 0.5 }), theta, psi);
      expectField(combined, [noisy[0] - theta, noisy[1]], ROUNDING * 10);
      const vTheta = -psi * normalExpectation((e) => fPrime(psi * (theta + e)), 0.7) - theta;
      expect(Math.abs(combined[0] - vTheta)).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it("nsgan, sigma = 0.5: the generator term uses f'(-psi X)", () => {
    for (const [theta, psi] of NOISY_POINTS) {
      const vTheta = -psi * normalExpectation((e) => fPrime(-psi * (theta + e)), 0.5);
      const [actual] = field(method({ loss: 'nsgan', noise: 0.5 }), theta, psi);
      expect(Math.abs(actual - vTheta)).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('wgan and lsgan: polynomial per-sample losses, so the noisy field is exact algebra', () => {
    const sigma = 0.8;
    const s2 = sigma * sigma;
    for (const [theta, psi] of NOISY_POINTS) {
      expectField(field(method({ loss: 'wgan', noise: sigma }), theta, psi), [-psi, theta], 1e-13);
      // v_psi = -E[X (psi X + a)] - E[Y (psi Y + b)]
      const [a, b, c] = [0.3, -0.7, 0.5];
      const expected: Vec2 = [
        -psi * (psi * theta + c),
        -(psi * (theta * theta + s2) + a * theta) - psi * s2,
      ];
      const noisy = method({ loss: 'lsgan', lsCodes: [a, b, c], noise: sigma });
      expectField(field(noisy, theta, psi), expected, 1e-13);
    }
  });
});

describe('consensus: v - gamma J^T v', () => {
  // J by central differences of the base field (step 1e-5): truncation ~1e-10, rounding ~1e-11.
  const TOLERANCE = 1e-8;
  const cases: [string, Partial<Method>, number][] = [
    ['gan, gamma 1', { loss: 'gan' }, 1],
    ['nsgan, gamma 0.5', { loss: 'nsgan' }, 0.5],
    ['gan + r1 0.3, gamma 2', { loss: 'gan', r1: 0.3 }, 2],
    ['gan + noise 0.7, gamma 1', { loss: 'gan', noise: 0.7 }, 1],
    ['lsgan (0.3, -0.7, 0.5), gamma 0.2', { loss: 'lsgan', lsCodes: [0.3, -0.7, 0.5] }, 0.2],
  ];
  it.each(cases)('%s', (_, settings, gamma) => {
    const base = method(settings);
    const v = (theta: number, psi: number) => field(base, theta, psi);
    for (const point of POINTS.slice(0, 4)) {
      const J = numericalJacobian(v, point);
      const [v0, v1] = v(...point);
      const expected: Vec2 = [
        v0 - gamma * (J[0][0] * v0 + J[1][0] * v1),
        v1 - gamma * (J[0][1] * v0 + J[1][1] * v1),
      ];
      expectField(field({ ...base, consensus: gamma }, ...point), expected, TOLERANCE);
    }
  });
});
