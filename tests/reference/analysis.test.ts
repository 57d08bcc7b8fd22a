// The update map's Jacobian against finite differences of step(), critical learning rates
// against the guide's closed forms, and the verdicts.
import { describe, expect, it } from 'vitest';
import type { Config, Method, Optimizer } from '../../src/model/config.ts';
import { analyze, criticalLearningRate } from '../../src/reference/analysis.ts';
import { field } from '../../src/reference/field.ts';
import { eigenvalues, spectralRadius } from '../../src/reference/linear-algebra.ts';
import { step } from '../../src/reference/optimizers.ts';
import { updateJacobian } from '../../src/reference/update-jacobian.ts';
import type { Vec2 } from '../../src/reference/types.ts';
import { configWith } from './configs.ts';

/** The step as a map of the flat state: (x) or (x, x_prev) for the optimisers with memory. */
function stepMap(config: Config): (z: number[]) => number[] {
  const { optimizer } = config.optimizer;
  if (optimizer === 'momentum' || optimizer === 'optimistic') {
    return ([theta, psi, thetaPrev, psiPrev]) => {
      const memory: Vec2 =
        optimizer === 'momentum' ? [thetaPrev, psiPrev] : field(config.method, thetaPrev, psiPrev);
      return [...step(config, { x: [theta, psi], memory }).x, theta, psi];
    };
  }
  return ([theta, psi]) => step(config, { x: [theta, psi], memory: [0, 0] }).x;
}

function finiteDifferenceJacobian(map: (z: number[]) => number[], z: number[]): number[][] {
  const h = 1e-6;
  const columns = z.map((_, j) => {
    const plus = map(z.map((value, k) => (k === j ? value + h : value)));
    const minus = map(z.map((value, k) => (k === j ? value - h : value)));
    return plus.map((value, i) => (value - minus[i]) / (2 * h));
  });
  return columns[0].map((_, i) => columns.map((column) => column[i]));
}

const METHODS: Record<string, Partial<Method>> = {
  'gan + r1 0.3': { loss: 'gan', r1: 0.3 },
  'nsgan + noise 0.5 + consensus 0.4': { loss: 'nsgan', noise: 0.5, consensus: 0.4 },
  'wgan clip 0.7': { loss: 'wgan', clip: 0.7 },
};

const OPTIMIZERS: Record<string, Partial<Optimizer>> = {
  flow: { optimizer: 'flow', dt: 0.3 },
  euler: { optimizer: 'euler', dt: 0.3 },
  simgd: { optimizer: 'simgd', lrG: 0.2, lrD: 0.45 },
  'altgd dg x3': { optimizer: 'altgd', lrG: 0.2, lrD: 0.45, dSteps: 3, order: 'dg' },
  'altgd gd x2': { optimizer: 'altgd', lrG: 0.2, lrD: 0.45, dSteps: 2, order: 'gd' },
  extragradient: { optimizer: 'extragradient', lrG: 0.2, lrD: 0.45 },
  optimistic: { optimizer: 'optimistic', lrG: 0.2, lrD: 0.45 },
  momentum: { optimizer: 'momentum', lrG: 0.2, lrD: 0.45, beta: 0.6 },
};

describe('update Jacobian against central differences of step()', () => {
  // Off equilibrium, and for the clip both inside it (psi = 0.3) and pinned (psi = 1.1).
  const points: Vec2[] = [
    [0.6, 0.3],
    [-1.1, 1.1],
  ];
  for (const [methodName, method] of Object.entries(METHODS)) {
    for (const [optimizerName, optimizer] of Object.entries(OPTIMIZERS)) {
      it(`${methodName}, ${optimizerName}`, () => {
        const config = configWith(method, optimizer);
        for (const point of points) {
          const update = updateJacobian(config, point);
          expect('matrix' in update).toBe(true);
          const analytic = (update as { matrix: number[][] }).matrix;
          const z = analytic.length === 4 ? [...point, ...point] : [...point];
          const numeric = finiteDifferenceJacobian(stepMap(config), z);
          // Step 1e-6: truncation ~1e-12 |d^3 step|, rounding 1e-16 / 1e-6 = 1e-10.
          for (let i = 0; i < z.length; i++) {
            for (let j = 0; j < z.length; j++) {
              expect(Math.abs(analytic[i][j] - numeric[i][j])).toBeLessThan(1e-7);
            }
          }
        }
      });
    }
  }

  it('reports why where a stage has no Jacobian', () => {
    const config = configWith({ loss: 'wgan', gp: 0.7, gpTarget: 1 }, { optimizer: 'simgd' });
    const update = updateJacobian(config, [0.5, 0]);
    expect(update).toEqual({ reason: expect.stringMatching(/WGAN-GP/) });
  });
});

// Bisection runs to 1e-13 relative; the spectral radius crosses 1 with a slope O(1) here.
const BISECTION = 1e-11;
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('critical learning rates of simultaneous GD (closed form)', () => {
  const simgd = (method: Partial<Method>) =>
    criticalLearningRate(configWith(method, { optimizer: 'simgd' }));

  it.each([0.2, 0.6, 0.95])('R1 gamma = %f < 1: h < 4 gamma', (gamma) => {
    expect(relative(simgd({ loss: 'gan', r1: gamma })!, 4 * gamma)).toBeLessThan(1e-14);
  });
  it.each([1.5, 3])('R1 gamma = %f > 1: h < 4 / (gamma + sqrt(gamma^2 - 1))', (gamma) => {
    const limit = 4 / (gamma + Math.sqrt(gamma * gamma - 1));
    expect(relative(simgd({ loss: 'nsgan', r1: gamma })!, limit)).toBeLessThan(1e-14);
  });
  it.each([0.1, 0.4])('MSE lambda = %f < 1/2: h < 8 lambda', (lambda) => {
    expect(relative(simgd({ loss: 'gan', mse: lambda })!, 8 * lambda)).toBeLessThan(1e-14);
  });
  it.each([0.7, 1, 4])(
    'MSE lambda = %f > 1/2: h < 2 / (lambda + sqrt(lambda^2 - 1/4))',
    (lambda) => {
      const limit = 2 / (lambda + Math.sqrt(lambda * lambda - 0.25));
      expect(relative(simgd({ loss: 'gan', mse: lambda })!, limit)).toBeLessThan(1e-14);
    },
  );
  it.each([0.5, 1, 3])('consensus gamma = %f: h < 8 gamma / (4 + gamma^2)', (gamma) => {
    const limit = (8 * gamma) / (4 + gamma * gamma);
    expect(relative(simgd({ loss: 'gan', consensus: gamma })!, limit)).toBeLessThan(1e-14);
  });
  it.each([0.3, 0.7, 1.3])('noise sigma = %f < sqrt 2: h < 2 sigma^2', (sigma) => {
    // Gauss-Hermite rounding of J(0, 0): 1e-13.
    expect(relative(simgd({ loss: 'gan', noise: sigma })!, 2 * sigma * sigma)).toBeLessThan(1e-12);
  });
  it('unregularised: no step size converges', () => {
    expect(simgd({ loss: 'gan' })).toBeNull();
    expect(simgd({ loss: 'wgan' })).toBeNull();
  });
  it('the spectral radius of I + hJ crosses 1 at the closed form', () => {
    const config = configWith({ loss: 'gan', r1: 0.6 }, { optimizer: 'simgd' });
    const h = criticalLearningRate(config)!;
    const radiusAt = (lr: number) =>
      analyze({ ...config, optimizer: { ...config.optimizer, lrG: lr, lrD: lr } }).spectralRadius!;
    expect(radiusAt(h * (1 - 1e-6))).toBeLessThan(1);
    expect(radiusAt(h * (1 + 1e-6))).toBeGreaterThan(1);
  });
});

describe('critical learning rates by scan and bisection', () => {
  const critical = (method: Partial<Method>, optimizer: Partial<Optimizer>) =>
    criticalLearningRate(configWith(method, optimizer))!;

  for (const order of ['dg', 'gd'] as const) {
    const altgd = { optimizer: 'altgd' as const, order, dSteps: 1 };
    it.each([0.3, 1, 2.5])(
      `altgd ${order}, R1 gamma = %f: min(2/gamma, 4 (sqrt(gamma^2 + 1) - gamma))`,
      (gamma) => {
        const limit = Math.min(2 / gamma, 4 * (Math.sqrt(gamma * gamma + 1) - gamma));
        expect(relative(critical({ loss: 'gan', r1: gamma }, altgd), limit)).toBeLessThan(
          BISECTION,
        );
      },
    );
    it.each([0.2, 1, 3])(
      `altgd ${order}, MSE lambda = %f: min(1/lambda, 8 (sqrt(lambda^2 + 1/4) - lambda))`,
      (lambda) => {
        const limit = Math.min(1 / lambda, 8 * (Math.sqrt(lambda * lambda + 0.25) - lambda));
        expect(relative(critical({ loss: 'nsgan', mse: lambda }, altgd), limit)).toBeLessThan(
          BISECTION,
        );
      },
    );
    it.each([0.5, 1, 4])(`altgd ${order}, consensus gamma = %f: h < 8 / (2 + gamma)`, (gamma) => {
      expect(
        relative(critical({ loss: 'gan', consensus: gamma }, altgd), 8 / (2 + gamma)),
      ).toBeLessThan(BISECTION);
    });
  }

  it('euler: the simultaneous-GD limit in dt', () => {
    expect(relative(critical({ loss: 'gan', r1: 0.3 }, { optimizer: 'euler' }), 1.2)).toBeLessThan(
      BISECTION,
    );
    expect(
      relative(
        critical({ loss: 'gan', mse: 1 }, { optimizer: 'euler' }),
        2 / (1 + Math.sqrt(0.75)),
      ),
    ).toBeLessThan(BISECTION);
  });

  it('RK4 on the GAN: the imaginary-axis limit 2 sqrt 2 / |lambda| = 4 sqrt 2', () => {
    expect(relative(critical({ loss: 'gan' }, { optimizer: 'flow' }), 4 * Math.SQRT2)).toBeLessThan(
      BISECTION,
    );
  });

  it('extragradient on the GAN: |1 + h l + h^2 l^2| < 1 for l = +-i/2 iff h < 2', () => {
    expect(relative(critical({ loss: 'gan' }, { optimizer: 'extragradient' }), 2)).toBeLessThan(
      BISECTION,
    );
  });

  it('optimistic and momentum: the spectral radius crosses 1 at the limit', () => {
    for (const optimizer of [
      { optimizer: 'optimistic' as const },
      { optimizer: 'momentum' as const, beta: 0.3 },
      { optimizer: 'momentum' as const, beta: -0.5 },
    ]) {
      const config = configWith({ loss: 'nsgan', r1: 0.5 }, optimizer);
      const h = criticalLearningRate(config)!;
      const radiusAt = (lr: number) =>
        analyze(configWith(config.method, { ...optimizer, lrG: lr, lrD: lr })).spectralRadius!;
      expect(radiusAt(h * (1 - 1e-6))).toBeLessThan(1);
      expect(radiusAt(h * (1 + 1e-6))).toBeGreaterThan(1);
      // Below the limit, all the way down the scan: the interval starts at 0.
      expect(radiusAt(h / 10)).toBeLessThan(1);
    }
  });

  it('null where no learning rate converges', () => {
    expect(criticalLearningRate(configWith({ loss: 'gan' }, { optimizer: 'altgd' }))).toBeNull();
    expect(
      criticalLearningRate(configWith({ loss: 'wgan' }, { optimizer: 'momentum' })),
    ).toBeNull();
  });
});

describe('analyze', () => {
  it('reports the field, J, its eigenvalues and the update map at (0, 0) by default', () => {
    const h = 0.1;
    const analysis = analyze(
      configWith({ loss: 'nsgan', mse: 1 }, { optimizer: 'simgd', lrG: h, lrD: h }),
    );
    expect(analysis.point).toEqual([0, 0]);
    expect(analysis.field).toEqual([0, 0]);
    expect(analysis.jacobian).toEqual([
      [-2, -0.5],
      [0.5, 0],
    ]);
    const [[high], [low]] = analysis.eigenvalues!;
    expect(high).toBeCloseTo(-0.1339746, 7);
    expect(low).toBeCloseTo(-1.8660254, 7);
    // I + hJ has eigenvalues 1 + h l: radius 1 + h (-1 + sqrt(3)/2).
    expect(analysis.spectralRadius).toBeCloseTo(1 + h * (-1 + Math.sqrt(3) / 2), 14);
    analysis.updateEigenvalues!.forEach(([re, im], k) => {
      expect(re).toBeCloseTo(1 + h * analysis.eigenvalues![k][0], 15);
      expect(im).toBe(0);
    });
    expect(analysis.criticalLearningRate).toBeCloseTo(2 / (1 + Math.sqrt(3) / 2), 14);
    expect(analysis.verdict).toBe('converges');
    expect(analysis.verdictText).toMatch(/^converges: spectral radius 0\.98660\d* < 1/);
  });

  it('is 4x4 on (x, x_prev) for optimistic and momentum', () => {
    for (const optimizer of ['optimistic', 'momentum'] as const) {
      const analysis = analyze(configWith({ loss: 'gan', r1: 1 }, { optimizer }));
      expect(analysis.updateJacobian).toHaveLength(4);
      expect(analysis.updateEigenvalues).toHaveLength(4);
      expect(analysis.spectralRadius).toBe(spectralRadius(eigenvalues(analysis.updateJacobian!)));
    }
  });

  it.each([
    ['flow, gan: circles', { loss: 'gan' }, { optimizer: 'flow' }, 'circles'],
    [
      'flow, nsgan: circles (the decay is sublinear)',
      { loss: 'nsgan' },
      { optimizer: 'flow' },
      'circles',
    ],
    ['flow, gan + r1: converges', { loss: 'gan', r1: 0.3 }, { optimizer: 'flow' }, 'converges'],
    [
      'flow, lsgan (1, 0, 1): diverges',
      { loss: 'lsgan', lsCodes: [1, 0, 1] },
      { optimizer: 'flow' },
      'diverges',
    ],
    ['euler, gan: diverges', { loss: 'gan' }, { optimizer: 'euler' }, 'diverges'],
    ['simgd, gan: diverges', { loss: 'gan' }, { optimizer: 'simgd' }, 'diverges'],
    ['altgd, gan: circles', { loss: 'gan' }, { optimizer: 'altgd' }, 'circles'],
    ['altgd, wgan: circles', { loss: 'wgan' }, { optimizer: 'altgd', dSteps: 5 }, 'circles'],
    [
      'simgd, gan + r1 0.3: converges',
      { loss: 'gan', r1: 0.3 },
      { optimizer: 'simgd', lrG: 0.2, lrD: 0.2 },
      'converges',
    ],
    [
      'simgd, gan + r1 0.3 above 4 gamma: diverges',
      { loss: 'gan', r1: 0.3 },
      { optimizer: 'simgd', lrG: 1.3, lrD: 1.3 },
      'diverges',
    ],
    ['extragradient, gan: converges', { loss: 'gan' }, { optimizer: 'extragradient' }, 'converges'],
    [
      'wgan-gp: undefined at (0, 0)',
      { loss: 'wgan', gp: 0.7, gpTarget: 1 },
      { optimizer: 'simgd' },
      'undefined',
    ],
  ] as [string, Partial<Method>, Partial<Optimizer>, string][])(
    '%s',
    (_, method, optimizer, verdict) => {
      const analysis = analyze(configWith(method, optimizer));
      expect(analysis.verdict).toBe(verdict);
      expect(analysis.verdictText.startsWith(`${verdict}: `)).toBe(true);
      expect(analysis.verdictText).not.toContain('\n');
    },
  );

  it('says why J is missing, and leaves every derived number null', () => {
    const analysis = analyze(configWith({ loss: 'hinge' }, { optimizer: 'altgd' }), [2, 0.5]);
    expect(analysis.field).toEqual([-0.5, 0]);
    expect(analysis.jacobian).toBeNull();
    expect(analysis.eigenvalues).toBeNull();
    expect(analysis.updateJacobian).toBeNull();
    expect(analysis.spectralRadius).toBeNull();
    expect(analysis.criticalLearningRate).toBeNull();
    expect(analysis.verdictText).toMatch(/^undefined: J does not exist: the hinge loss has a kink/);
  });

  it('marks a linearisation off equilibrium', () => {
    const analysis = analyze(configWith({ loss: 'gan', r1: 0.3 }, { optimizer: 'flow' }), [1, 1]);
    expect(analysis.point).toEqual([1, 1]);
    expect(analysis.verdictText).toMatch(/off equilibrium, \|v\| = /);
  });

  it.each(['momentum', 'optimistic'] as const)(
    'finds no critical learning rate for LSGAN under %s: J is nilpotent, rho = 1 for every h',
    (optimizer) => {
      // Codes (-1, 1, 0): J = [[0, 0], [1, 0]]; the update map keeps the eigenvalue 1 (twice).
      const analysis = analyze(configWith({ loss: 'lsgan' }, { optimizer }));
      expect(analysis.eigenvalues).toEqual([
        [0, 0],
        [0, 0],
      ]);
      expect(analysis.criticalLearningRate).toBeNull();
    },
  );
});
