// Each optimiser's step against its formula, and the invariants of the guide.
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/model/config.ts';
import { field } from '../../src/reference/field.ts';
import { initialState, simulate, step } from '../../src/reference/optimizers.ts';
import type { Vec2 } from '../../src/reference/types.ts';
import { configWith, fPrime } from './configs.ts';

const radius2 = ([theta, psi]: Vec2) => theta * theta + psi * psi;

function expectClose(actual: Vec2, expected: Vec2, tolerance = 1e-15) {
  expect(Math.abs(actual[0] - expected[0])).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(actual[1] - expected[1])).toBeLessThanOrEqual(tolerance);
}

describe('one step of each optimiser', () => {
  const method = { loss: 'nsgan' as const, r1: 0.3, mse: 0.2 };
  const x: Vec2 = [0.8, -1.1];
  const [hG, hD] = [0.15, 0.4];
  const v = (y: Vec2) => field(configWith(method).method, ...y);
  const run = (config: Config, steps: number) => simulate(config, x, steps);

  it('euler and simgd: x + H v(x), dt for both players in euler', () => {
    const vx = v(x);
    const euler = run(configWith(method, { optimizer: 'euler', dt: 0.07 }), 1)[1];
    expectClose(euler, [x[0] + 0.07 * vx[0], x[1] + 0.07 * vx[1]]);
    const simgd = run(configWith(method, { optimizer: 'simgd', lrG: hG, lrD: hD }), 1)[1];
    expectClose(simgd, [x[0] + hG * vx[0], x[1] + hD * vx[1]]);
  });

  it('flow: one classical RK4 step of size dt', () => {
    const dt = 0.3;
    const k1 = v(x);
    const k2 = v([x[0] + (dt / 2) * k1[0], x[1] + (dt / 2) * k1[1]]);
    const k3 = v([x[0] + (dt / 2) * k2[0], x[1] + (dt / 2) * k2[1]]);
    const k4 = v([x[0] + dt * k3[0], x[1] + dt * k3[1]]);
    const expected: Vec2 = [0, 1].map(
      (i) => x[i] + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]),
    ) as Vec2;
    expectClose(run(configWith(method, { optimizer: 'flow', dt }), 1)[1], expected);
  });

  it('altgd: dSteps discriminator steps around one generator step, in either order', () => {
    const discriminator = (y: Vec2): Vec2 => [y[0], y[1] + hD * v(y)[1]];
    const generator = (y: Vec2): Vec2 => [y[0] + hG * v(y)[0], y[1]];
    for (const dSteps of [1, 5]) {
      let dg = x;
      for (let k = 0; k < dSteps; k++) dg = discriminator(dg);
      dg = generator(dg);
      let gd = generator(x);
      for (let k = 0; k < dSteps; k++) gd = discriminator(gd);

      const settings = { optimizer: 'altgd' as const, lrG: hG, lrD: hD, dSteps };
      expectClose(run(configWith(method, { ...settings, order: 'dg' }), 1)[1], dg);
      expectClose(run(configWith(method, { ...settings, order: 'gd' }), 1)[1], gd);
    }
  });

  it('extragradient: x + H v(x + H v(x))', () => {
    const vx = v(x);
    const lookahead: Vec2 = [x[0] + hG * vx[0], x[1] + hD * vx[1]];
    const vLookahead = v(lookahead);
    const config = configWith(method, { optimizer: 'extragradient', lrG: hG, lrD: hD });
    expectClose(run(config, 1)[1], [x[0] + hG * vLookahead[0], x[1] + hD * vLookahead[1]]);
  });

  it('optimistic: plain SimGD first, then x + 2 H v(x) - H v(x_prev)', () => {
    const config = configWith(method, { optimizer: 'optimistic', lrG: hG, lrD: hD });
    const [x0, x1, x2] = run(config, 2);
    const v0 = v(x0);
    expectClose(x1, [x0[0] + hG * v0[0], x0[1] + hD * v0[1]]);
    const v1 = v(x1);
    expectClose(x2, [x1[0] + hG * (2 * v1[0] - v0[0]), x1[1] + hD * (2 * v1[1] - v0[1])]);
    expect(step(config, initialState(config, x)).memory).toEqual(v0);
  });

  it('momentum: plain SimGD first, then x + H v(x) + beta (x - x_prev)', () => {
    const beta = -0.4;
    const config = configWith(method, { optimizer: 'momentum', lrG: hG, lrD: hD, beta });
    const [x0, x1, x2] = run(config, 2);
    const v0 = v(x0);
    expectClose(x1, [x0[0] + hG * v0[0], x0[1] + hD * v0[1]]);
    const v1 = v(x1);
    expectClose(x2, [
      x1[0] + hG * v1[0] + beta * (x1[0] - x0[0]),
      x1[1] + hD * v1[1] + beta * (x1[1] - x0[1]),
    ]);
  });

  it('simulate returns steps + 1 points, the start first', () => {
    const trajectory = run(configWith(method, { optimizer: 'simgd' }), 7);
    expect(trajectory).toHaveLength(8);
    expect(trajectory[0]).toEqual(x);
  });
});

describe('WGAN clip: psi <- clamp(psi, -c, c) after every update', () => {
  const wgan = { loss: 'wgan' as const, clip: 0.5 };

  it('clamps the SimGD step', () => {
    // v = (-psi, theta): psi 0.4 + 0.2 * 1 = 0.6 -> 0.5.
    const [, x1] = simulate(
      configWith(wgan, { optimizer: 'simgd', lrG: 0.2, lrD: 0.2 }),
      [1, 0.4],
      1,
    );
    expectClose(x1, [1 - 0.2 * 0.4, 0.5]);
  });

  it('clamps every discriminator step of altgd before the next one', () => {
    // dg, 3 discriminator steps of +0.2 * theta = +0.2 from psi = 0.2: 0.4, 0.5 (clamped), 0.5.
    const config = configWith(wgan, { optimizer: 'altgd', lrG: 0.2, lrD: 0.2, dSteps: 3 });
    expectClose(simulate(config, [1, 0.2], 1)[1], [1 - 0.2 * 0.5, 0.5]);
  });

  it('clamps the extragradient look-ahead', () => {
    // Look-ahead psi = 0.45 + 0.2 = 0.65 -> 0.5, so the generator moves by -0.2 * 0.5.
    const config = configWith(wgan, { optimizer: 'extragradient', lrG: 0.2, lrD: 0.2 });
    const [, x1] = simulate(config, [1, 0.45], 1);
    const lookahead: Vec2 = [1 - 0.2 * 0.45, 0.5];
    expectClose(x1, [1 - 0.2 * lookahead[1], Math.min(0.5, 0.45 + 0.2 * lookahead[0])]);
  });

  it('clamps every RK4 stage point, not only the result', () => {
    const dt = 0.5;
    const v = ([theta, psi]: Vec2): Vec2 => [-psi, theta];
    const stage = (x: Vec2, k: Vec2, scale: number): Vec2 => [
      x[0] + scale * k[0],
      Math.min(0.5, Math.max(-0.5, x[1] + scale * k[1])),
    ];
    const x: Vec2 = [1.3, 0.45];
    const k1 = v(x);
    const k2 = v(stage(x, k1, dt / 2));
    const k3 = v(stage(x, k2, dt / 2));
    const k4 = v(stage(x, k3, dt));
    const d: Vec2 = [0, 1].map((i) => (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) / 6) as Vec2;
    const [, x1] = simulate(configWith(wgan, { optimizer: 'flow', dt }), x, 1);
    expectClose(x1, stage(x, d, dt));
    // With free stages theta would land elsewhere: the stage clamps matter here.
    const free = (y: Vec2, k: Vec2, scale: number): Vec2 => [
      y[0] + scale * k[0],
      y[1] + scale * k[1],
    ];
    const f1 = v(x);
    const f2 = v(free(x, f1, dt / 2));
    const f3 = v(free(x, f2, dt / 2));
    const f4 = v(free(x, f3, dt));
    const freeTheta = x[0] + (dt / 6) * (f1[0] + 2 * f2[0] + 2 * f3[0] + f4[0]);
    expect(Math.abs(x1[0] - freeTheta)).toBeGreaterThan(1e-3);
  });
});

describe('invariants of the guide', () => {
  it("SimGD on the GAN: r^2 grows by exactly 1 + h^2 f'(psi theta)^2 per step", () => {
    for (const h of [0.05, 0.2, 0.7]) {
      const trajectory = simulate(
        configWith({ loss: 'gan' }, { optimizer: 'simgd', lrG: h, lrD: h }),
        [1, 1],
        60,
      );
      for (const k of [0, 1, 2, 10, 33, 59]) {
        const [theta, psi] = trajectory[k];
        const growth = 1 + h * h * fPrime(psi * theta) ** 2;
        // One step in f64: a few ulps of r^2.
        expect(radius2(trajectory[k + 1]) / radius2(trajectory[k])).toBeCloseTo(growth, 14);
      }
      expect(radius2(trajectory[60])).toBeGreaterThan(radius2(trajectory[0]));
    }
  });

  it('alternating WGAN keeps theta^2 + psi^2 - h theta psi (gd) or + h theta psi (dg)', () => {
    const h = 0.3;
    for (const [order, sign] of [
      ['gd', -1],
      ['dg', 1],
    ] as const) {
      const config = configWith({ loss: 'wgan' }, { optimizer: 'altgd', lrG: h, lrD: h, order });
      const invariant = ([theta, psi]: Vec2) => theta * theta + psi * psi + sign * h * theta * psi;
      const trajectory = simulate(config, [1, 1], 2000);
      // 2000 steps of rounding, each a few ulps of a quantity ~2.
      for (const point of trajectory) expect(invariant(point)).toBeCloseTo(invariant([1, 1]), 11);
      expect(Math.abs(radius2(trajectory[1]) - 2)).toBeGreaterThan(0.01);
    }
  });

  it('RK4 on WGAN: r^2 shrinks by exactly |R(i dt)|^2 = 1 - dt^6/72 + dt^8/576 per step', () => {
    for (const dt of [0.1, 0.5, 1]) {
      const factor = 1 - dt ** 6 / 72 + dt ** 8 / 576;
      const trajectory = simulate(
        configWith({ loss: 'wgan' }, { optimizer: 'flow', dt }),
        [1, 1],
        100,
      );
      // 100 steps of rounding on r^2 = 2.
      expect(radius2(trajectory[100])).toBeCloseTo(2 * factor ** 100, 12);
    }
  });

  it('RK4 on the GAN keeps theta^2 + psi^2 within the global error T dt^4', () => {
    const dt = 0.05;
    const steps = 2000;
    for (const start of [
      [1, 1],
      [3, -2],
      [0.2, 4],
    ] as Vec2[]) {
      const trajectory = simulate(
        configWith({ loss: 'gan' }, { optimizer: 'flow', dt }),
        start,
        steps,
      );
      // RK4's global error is C T dt^4 = C * 6e-4 with C ~ 1 at |x| <= 4 (measured drift 1.5e-5).
      const bound = steps * dt * dt ** 4;
      for (const point of trajectory)
        expect(Math.abs(radius2(point) - radius2(start))).toBeLessThan(bound);
    }
  });

  it('RK4 on the non-saturating GAN never increases theta^2 + psi^2', () => {
    const dt = 0.05;
    for (const start of [
      [1, 1],
      [3, -2],
      [0.2, 4],
    ] as Vec2[]) {
      const trajectory = simulate(
        configWith({ loss: 'nsgan' }, { optimizer: 'flow', dt }),
        start,
        2000,
      );
      for (let k = 1; k < trajectory.length; k++) {
        // The flow's d(r^2)/dt = 2u (f'(u) - f'(-u)) <= 0, u = psi theta; RK4 adds dt^5 per step.
        expect(radius2(trajectory[k])).toBeLessThanOrEqual(radius2(trajectory[k - 1]) + dt ** 5);
      }
      expect(radius2(trajectory[2000])).toBeLessThan(0.5 * radius2(start));
    }
  });
});
