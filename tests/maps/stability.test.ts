// The GPU stability diagram against the f64 reference: every pixel's spectral radius against
// the update Jacobian of src/reference/update-jacobian.ts, and the rho = 1 contour against
// the closed-form critical learning rates of the guide.
import { describe, expect, it } from 'vitest';
import { computeStabilityMap } from '../../src/gpu/map-runs.ts';
import { stabilityAxisValues } from '../../src/gpu/stability-map.ts';
import { contourSegments } from '../../src/maps/contour.ts';
import { closedForm, criticalCurves } from '../../src/maps/critical-curves.ts';
import { pixelOf } from '../../src/maps/grid.ts';
import { type MapAxis, withParameter } from '../../src/maps/parameters.ts';
import type { StabilitySpec } from '../../src/maps/specs.ts';
import type { Config, Method, Optimizer } from '../../src/model/config.ts';
import { loadShaderLibrary } from '../../src/node/webgpu.ts';
import { eigenvalues } from '../../src/reference/linear-algebra.ts';
import { updateJacobian } from '../../src/reference/update-jacobian.ts';
import type { Complex } from '../../src/reference/types.ts';
import { configWith, testDevice } from '../gpu/harness.ts';

const UNIT_ROUNDOFF = 2 ** -24;

interface ReferenceRadius {
  rho: number;
  /** How far rho may move when the update matrix is rounded to f32 (see tolerance). */
  tolerance: number;
}

/**
 * rho of the f64 update Jacobian at (0, 0). The GPU builds the matrix in a few dozen f32
 * operations: entries off by eps = 64 u s, s the largest entry (1 at least). An eigenvalue
 * moves by about eps s / gap, gap its distance to the nearest other eigenvalue, and never by
 * more than sqrt(eps s), where eigenvalues meet.
 */
function referenceRadius(config: Config): ReferenceRadius {
  const update = updateJacobian(config, [0, 0]);
  if ('reason' in update) throw new Error(update.reason);
  const values = eigenvalues(update.matrix);
  const modulus = ([re, im]: Complex) => Math.hypot(re, im);
  const top = values.reduce((a, b) => (modulus(b) > modulus(a) ? b : a));
  const gap = Math.min(
    ...values
      .filter((value) => value !== top)
      .map(([re, im]) => Math.hypot(re - top[0], im - top[1])),
  );
  const scale = Math.max(1, ...update.matrix.flat().map(Math.abs));
  const eps = 64 * UNIT_ROUNDOFF * scale;
  return {
    rho: modulus(top),
    tolerance: eps + Math.min(Math.sqrt(eps * scale), (eps * scale) / gap),
  };
}

function pixelConfig(
  spec: StabilitySpec,
  columns: Float32Array,
  rows: Float32Array,
  pixel: number,
) {
  const [horizontal, vertical] = spec.axes;
  const value = withParameter(spec.config, horizontal.parameter, columns[pixel % spec.width]);
  return withParameter(value, vertical.parameter, rows[Math.floor(pixel / spec.width)]);
}

const axis = (parameter: MapAxis['parameter'], min: number, max: number): MapAxis => ({
  parameter,
  min,
  max,
});

const CASES: [string, Partial<Method>, Partial<Optimizer>, [MapAxis, MapAxis]][] = [
  ['simgd, lr x mse', {}, { optimizer: 'simgd' }, [axis('lr', 0, 3), axis('mse', 0, 2)]],
  [
    'euler, lr (dt) x r1',
    { loss: 'nsgan' },
    { optimizer: 'euler' },
    [axis('lr', 0, 5), axis('r1', 0, 3)],
  ],
  ['flow (RK4), lr x noise', {}, { optimizer: 'flow' }, [axis('lr', 0, 3), axis('noise', 0, 2)]],
  [
    'simgd, lrG x lrD, r1 0.5',
    { r1: 0.5 },
    { optimizer: 'simgd' },
    [axis('lrG', 0, 3), axis('lrD', 0, 3)],
  ],
  ['altgd dg, lr x mse', {}, { optimizer: 'altgd' }, [axis('lr', 0, 3), axis('mse', 0, 2)]],
  [
    'altgd gd x3, lrG x lrD, mse 0.3',
    { mse: 0.3 },
    { optimizer: 'altgd', dSteps: 3, order: 'gd' },
    [axis('lrG', 0, 2), axis('lrD', 0, 2)],
  ],
  [
    'extragradient, lr x consensus',
    {},
    { optimizer: 'extragradient' },
    [axis('lr', 0, 3), axis('consensus', 0, 4)],
  ],
  ['optimistic, lr x r1', {}, { optimizer: 'optimistic' }, [axis('lr', 0, 2), axis('r1', 0, 2)]],
  [
    'optimistic, lrG x lrD, mse 1',
    { mse: 1 },
    { optimizer: 'optimistic' },
    [axis('lrG', 0, 2), axis('lrD', 0, 2)],
  ],
  [
    'momentum, beta x lr, r2 1',
    { r2: 1 },
    { optimizer: 'momentum' },
    [axis('beta', -0.9, 0.9), axis('lr', 0, 2)],
  ],
  [
    'momentum 0.5, lrG x lrD, wgan + mse 0.5',
    { loss: 'wgan', mse: 0.5 },
    { optimizer: 'momentum', beta: 0.5 },
    [axis('lrG', 0, 2), axis('lrD', 0, 2)],
  ],
  [
    'simgd, lr x noise, lsgan codes (-1, 1, 0)',
    { loss: 'lsgan', lsCodes: [-1, 1, 0] },
    { optimizer: 'simgd' },
    [axis('lr', 0, 1), axis('noise', 0, 1.5)],
  ],
];

describe('stability map: spectral radii match the f64 update Jacobian', () => {
  for (const [name, method, optimizer, axes] of CASES) {
    it(name, async () => {
      const device = await testDevice();
      const spec: StabilitySpec = {
        config: configWith(method, optimizer),
        axes,
        width: 24,
        height: 20,
      };
      const { radii } = await computeStabilityMap(device, loadShaderLibrary(), spec);
      const [columns, rows] = stabilityAxisValues(spec);

      const misses: string[] = [];
      for (let pixel = 0; pixel < radii.length; pixel++) {
        const reference = referenceRadius(pixelConfig(spec, columns, rows, pixel));
        if (!(Math.abs(radii[pixel] - reference.rho) <= reference.tolerance)) {
          misses.push(
            `pixel ${pixel}: gpu ${radii[pixel]}, f64 ${reference.rho} +- ${reference.tolerance}`,
          );
        }
      }
      expect(misses.slice(0, 5), `${misses.length} misses`).toEqual([]);
    });
  }
});

describe('stability map: the rho = 1 contour follows the closed-form critical curves', () => {
  const CURVES: [string, Partial<Method>, Partial<Optimizer>, [MapAxis, MapAxis]][] = [
    ['simgd + mse', {}, { optimizer: 'simgd' }, [axis('lr', 0, 3), axis('mse', 0, 2)]],
    [
      'simgd + r1, on the horizontal axis',
      { loss: 'nsgan' },
      { optimizer: 'simgd' },
      [axis('r1', 0, 3), axis('lr', 0, 4.5)],
    ],
    ['simgd + noise', {}, { optimizer: 'simgd' }, [axis('lr', 0, 5), axis('noise', 0, 2.5)]],
    ['simgd + consensus', {}, { optimizer: 'simgd' }, [axis('lr', 0, 3), axis('consensus', 0, 6)]],
    ['altgd + mse', {}, { optimizer: 'altgd' }, [axis('lr', 0, 5), axis('mse', 0, 2)]],
    ['altgd + r1', {}, { optimizer: 'altgd' }, [axis('lr', 0, 5), axis('r1', 0, 3)]],
    [
      'altgd + noise',
      { loss: 'nsgan' },
      { optimizer: 'altgd', order: 'gd' },
      [axis('lr', 0, 5), axis('noise', 0, 2.5)],
    ],
    ['altgd + consensus', {}, { optimizer: 'altgd' }, [axis('lr', 0, 5), axis('consensus', 0, 4)]],
  ];
  const WIDTH = 96;
  const HEIGHT = 80;

  for (const [name, method, optimizer, axes] of CURVES) {
    it(name, async () => {
      const device = await testDevice();
      const spec: StabilitySpec = {
        config: configWith(method, optimizer),
        axes,
        width: WIDTH,
        height: HEIGHT,
      };
      const { radii } = await computeStabilityMap(device, loadShaderLibrary(), spec);
      const [columns, rows] = stabilityAxisValues(spec);
      const form = closedForm(spec.config, axes)!;
      const lrFirst = axes[0].parameter === 'lr';

      // Every pixel is stable exactly below the critical rate, except where rho is within
      // f32 reach of 1.
      const wrongSide: number[] = [];
      let stable = 0;
      for (let pixel = 0; pixel < radii.length; pixel++) {
        const [a, b] = [columns[pixel % WIDTH], rows[Math.floor(pixel / WIDTH)]];
        const [h, p] = lrFirst ? [a, b] : [b, a];
        const reference = referenceRadius(pixelConfig(spec, columns, rows, pixel));
        if (Math.abs(reference.rho - 1) <= reference.tolerance) continue;
        if (radii[pixel] < 1) stable++;
        if (radii[pixel] < 1 !== h < form.limit(p)) wrongSide.push(pixel);
      }
      expect(wrongSide).toEqual([]);
      expect(stable).toBeGreaterThan(radii.length / 10);

      // Each contour vertex lies within a pixel of the curve (sampled densely), and the curve
      // at each pixel centre of the regulariser's axis inside the map (a pixel clear of its
      // edges) within a pixel of the contour. Between pixel centres, marching squares may cut
      // the curve's sharp peak, where the eigenvalues meet.
      const toPixels = (point: [number, number]) => pixelOf(axes, WIDTH, HEIGHT, point);
      const contour = contourSegments(radii, WIDTH, HEIGHT, axes).flat().map(toPixels);
      const dense = criticalCurves(spec.config, axes, 2000)[0].points.map(toPixels);
      const atCentres = Array.from(lrFirst ? rows : columns, (p): [number, number] =>
        lrFirst ? [form.limit(p), p] : [p, form.limit(p)],
      ).map(toPixels);
      const inside = ([x, y]: [number, number]) =>
        x > 1 && y > 1 && x < WIDTH - 1 && y < HEIGHT - 1;
      const distance = (point: [number, number], set: [number, number][]) =>
        Math.min(...set.map(([x, y]) => Math.hypot(x - point[0], y - point[1])));
      expect(contour.length).toBeGreaterThan(WIDTH / 2);
      const farContour = contour.filter((point) => distance(point, dense) > 1);
      expect(farContour.slice(0, 3)).toEqual([]);
      const farCurve = atCentres.filter(inside).filter((point) => distance(point, contour) > 1);
      expect(farCurve.slice(0, 3)).toEqual([]);
    });
  }
});
