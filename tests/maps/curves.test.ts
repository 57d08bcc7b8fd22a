// The CPU side of the maps: closed-form critical curves against the f64 reference's critical
// learning rate, the contour tracer on a field with a known level set, the prediction mask,
// outcome codes and the raw and CSV forms.
import { describe, expect, it } from 'vitest';
import { contourSegments } from '../../src/maps/contour.ts';
import { closedForm, criticalCurves } from '../../src/maps/critical-curves.ts';
import { csvText, rawBytes, rawHeader } from '../../src/maps/export.ts';
import { columnValues, rowValues } from '../../src/maps/grid.ts';
import { DIVERGED, RUNNING, decodeOutcome, outcomeValue } from '../../src/maps/outcomes.ts';
import { type MapAxis, type MapParameter, withParameter } from '../../src/maps/parameters.ts';
import { PREDICTION, predictionMask } from '../../src/maps/prediction.ts';
import { basinProduct } from '../../src/maps/products.ts';
import type { BasinSpec } from '../../src/maps/specs.ts';
import { criticalLearningRate } from '../../src/reference/analysis.ts';
import { configWith } from '../reference/configs.ts';

const axis = (parameter: MapParameter, min: number, max: number): MapAxis => ({
  parameter,
  min,
  max,
});

describe('closed-form critical curves', () => {
  const CASES = [
    ['simgd', 'mse'],
    ['simgd', 'r1'],
    ['simgd', 'noise'],
    ['simgd', 'consensus'],
    ['altgd', 'mse'],
    ['altgd', 'r1'],
    ['altgd', 'noise'],
    ['altgd', 'consensus'],
  ] as const;

  for (const [optimizer, regulariser] of CASES) {
    it(`${optimizer} + ${regulariser}: h*(p) is the reference's critical learning rate`, () => {
      const config = configWith({ loss: 'nsgan' }, { optimizer });
      const axes: [MapAxis, MapAxis] = [axis('lr', 0, 4), axis(regulariser, 0.05, 3)];
      const [curve] = criticalCurves(config, axes, 12);
      expect(curve.points).toHaveLength(13);
      for (const [h, p] of curve.points) {
        const reference = criticalLearningRate(withParameter(config, regulariser, p));
        // The reference bisects to 1e-13 relative, on top of f64 rounding.
        expect(Math.abs(h - reference!) / reference!, `p = ${p}`).toBeLessThan(1e-9);
      }
    });
  }

  it('applies only where the guide has a closed form', () => {
    const axes: [MapAxis, MapAxis] = [axis('lr', 0, 2), axis('mse', 0, 2)];
    const none = (method: object, optimizer: object, on = axes) =>
      closedForm(configWith(method, optimizer), on);
    expect(none({}, { optimizer: 'simgd' })).not.toBeNull();
    expect(none({ loss: 'wgan' }, { optimizer: 'simgd' })).toBeNull();
    expect(none({ r1: 0.1 }, { optimizer: 'simgd' })).toBeNull();
    expect(none({}, { optimizer: 'altgd', dSteps: 2 })).toBeNull();
    expect(none({}, { optimizer: 'momentum' })).toBeNull();
    expect(none({}, { optimizer: 'simgd' }, [axis('lrG', 0, 2), axis('mse', 0, 2)])).toBeNull();
  });

  it('puts lr on whichever axis it is on', () => {
    const config = configWith({}, { optimizer: 'simgd' });
    const [flipped] = criticalCurves(config, [axis('mse', 0.1, 0.4), axis('lr', 0, 4)], 3);
    // h = 8 lambda below lambda = 1/2.
    expect(flipped.points.map(([p, h]) => h / p)).toEqual([8, 8, 8, 8]);
  });
});

describe('contour', () => {
  it('traces the circle |x| = 1 of a distance field to within the interpolation error', () => {
    const [width, height] = [64, 48];
    const axes: [MapAxis, MapAxis] = [axis('lr', -2, 2), axis('mse', -1.5, 1.5)];
    const columns = columnValues(axes[0], width);
    const rows = rowValues(axes[1], height);
    const values = new Float32Array(width * height);
    for (let pixel = 0; pixel < values.length; pixel++) {
      values[pixel] = Math.hypot(columns[pixel % width], rows[Math.floor(pixel / width)]);
    }

    const segments = contourSegments(values, width, height, axes, 1);
    const radii = segments.flat().map(([a, b]) => Math.hypot(a, b));
    // Linear interpolation of |x| across a cell of 1/16 cuts inside the circle by at most
    // h^2 / 8 with h the cell's diagonal: 1e-3.
    expect(Math.max(...radii.map((r) => Math.abs(r - 1)))).toBeLessThan(1e-3);
    // A closed curve: every vertex is shared by exactly two segments.
    const key = ([a, b]: [number, number]) => `${a.toFixed(9)},${b.toFixed(9)}`;
    const uses = new Map<string, number>();
    for (const point of segments.flat()) uses.set(key(point), (uses.get(key(point)) ?? 0) + 1);
    expect([...uses.values()].every((count) => count === 2)).toBe(true);
    // Its length is 2 pi, less the chord shortening.
    const length = segments.reduce((sum, [p, q]) => sum + Math.hypot(p[0] - q[0], p[1] - q[1]), 0);
    expect(Math.abs(length - 2 * Math.PI)).toBeLessThan(1e-2);
  });

  it('skips cells with a non-finite corner', () => {
    const values = [0, 2, 0, NaN];
    const axes: [MapAxis, MapAxis] = [axis('lr', 0, 1), axis('mse', 0, 1)];
    expect(contourSegments(values, 2, 2, axes)).toEqual([]);
  });
});

describe('outcomes and the prediction mask', () => {
  it('decode the GPU codes', () => {
    expect(decodeOutcome(17)).toEqual({ kind: 'converged', step: 17 });
    expect(decodeOutcome(DIVERGED + 5)).toEqual({ kind: 'diverged', step: 5 });
    expect(decodeOutcome(RUNNING)).toEqual({ kind: 'running' });
    expect([outcomeValue(17), outcomeValue(DIVERGED + 5), outcomeValue(RUNNING)]).toEqual([
      17,
      -5,
      NaN,
    ]);
  });

  it('judges starts within the radius, not those that start arrived', () => {
    // Starts (theta, psi) on a 3 x 2 grid: thetas -1, 0, 1; psis 0.5 (top), 0 (bottom).
    const thetas = [-1, 0, 1];
    const psis = [0.5, 0];
    const outcomes = new Uint32Array([30, 40, RUNNING, DIVERGED + 9, 0, 12]);
    const predictsArrival = predictionMask(outcomes, thetas, psis, true, 1.05);
    expect(Array.from(predictsArrival)).toEqual([
      PREDICTION.notJudged,
      PREDICTION.agrees,
      PREDICTION.notJudged,
      PREDICTION.missedConvergence,
      PREDICTION.notJudged,
      PREDICTION.agrees,
    ]);
    const predictsNone = predictionMask(outcomes, thetas, psis, false, 1.05);
    expect(predictsNone[1]).toBe(PREDICTION.unexpectedConvergence);
    expect(predictsNone[3]).toBe(PREDICTION.agrees);
  });
});

describe('raw and CSV forms', () => {
  const spec: BasinSpec = {
    config: configWith({ mse: 1 }, { optimizer: 'simgd' }),
    view: { thetaMin: -1, thetaMax: 1, psiMin: 0, psiMax: 1 },
    width: 2,
    height: 2,
    steps: 50,
    epsilon: 0.01,
    bound: 10,
  };
  const product = basinProduct(spec, new Uint32Array([3, DIVERGED + 4, RUNNING, 0]));

  it('writes little-endian float32 row by row, with a header that says so', () => {
    const view = new DataView(rawBytes(product).buffer);
    const values = [0, 1, 2, 3].map((i) => view.getFloat32(4 * i, true));
    expect(values).toEqual([3, -4, NaN, 0]);
    const header = rawHeader(product, 'map.f32');
    expect(header).toMatchObject({
      data: 'map.f32',
      kind: 'basin',
      width: 2,
      height: 2,
      horizontal: { name: 'theta', min: -1, max: 1 },
      vertical: { name: 'psi', min: 0, max: 1 },
      steps: 50,
      epsilon: 0.01,
      bound: 10,
    });
    expect((header.value as { name: string }).name).toBe('steps');
  });

  it('writes CSV with the pixel centres, the top row first', () => {
    expect(csvText(product)).toBe(
      'theta,psi,steps\n-0.5,0.75,3\n0.5,0.75,-4\n-0.5,0.25,NaN\n0.5,0.25,0\n',
    );
  });
});
