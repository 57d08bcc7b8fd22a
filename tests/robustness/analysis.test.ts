// The f64 analysis under fields that blow up: huge learning rates and dt, the largest
// regularisers. Every number it reports is finite or an explicit overflow, never NaN, and a
// step that cannot be stable is called diverging.
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/app/analysis-panel.ts';
import {
  type Config,
  LOSSES,
  METHOD_RANGES,
  OPTIMIZERS,
  configConflicts,
} from '../../src/model/config.ts';
import { analyze } from '../../src/reference/analysis.ts';
import { configWith } from '../reference/configs.ts';

/** Every number in the analysis, nested arrays flattened; the verdict text too. */
function numbersOf(config: Config): { numbers: number[]; text: string } {
  const analysis = analyze(config);
  const numbers = [
    analysis.point,
    analysis.field,
    analysis.jacobian ?? [],
    analysis.eigenvalues ?? [],
    analysis.updateJacobian ?? [],
    analysis.updateEigenvalues ?? [],
    analysis.spectralRadius ?? 0,
    analysis.criticalLearningRate ?? 0,
  ].flat(3) as number[];
  return { numbers, text: analysis.verdictText };
}

describe('analysis of fields that blow up', () => {
  it('altgd whose discriminator steps overflow f64: diverges, radius Infinity, no NaN', () => {
    const config = configWith(
      { loss: 'nsgan', mse: 1000, noise: 10 },
      { optimizer: 'altgd', lrD: 10, dSteps: 100 },
    );
    const analysis = analyze(config);
    expect(analysis.verdict).toBe('diverges');
    expect(analysis.spectralRadius).toBe(Infinity);
    expect(analysis.updateEigenvalues).toBeNull();
    expect(analysis.verdictText).toBe(
      'diverges: the update map overflows double precision at lrG = 0.1, lrD = 10',
    );
    expect(numbersOf(config).numbers.some(Number.isNaN)).toBe(false);
  });

  it('RK4 at a huge dt diverges even where the exact flow circles', () => {
    const analysis = analyze(configWith({ loss: 'gan' }, { optimizer: 'flow', dt: 1e6 }));
    // RK4 on eigenvalues +-i/2: |R(i h / 2)| = |1 - z^2/2 + z^4/24| ~ (h/2)^4 / 24 at h = 1e6.
    expect(analysis.spectralRadius! / (0.5e6 ** 4 / 24)).toBeCloseTo(1, 6);
    expect(analysis.verdict).toBe('diverges');
    expect(analysis.verdictText).toMatch(/^diverges: the RK4 step is unstable: spectral radius/);
    // Below RK4's limit on the imaginary axis, 2 sqrt(2) / |l| = 5.657, the flow's verdict.
    expect(analyze(configWith({ loss: 'gan' }, { optimizer: 'flow', dt: 5.6 })).verdict).toBe(
      'circles',
    );
  });

  it('SimGD at learning rates 10 and 1e6: finite radii |1 + h i/2| > 1, diverges', () => {
    for (const h of [10, 1e6]) {
      const analysis = analyze(configWith({ loss: 'gan' }, { optimizer: 'simgd', lrG: h, lrD: h }));
      expect(analysis.spectralRadius).toBeCloseTo(Math.hypot(1, h / 2), 6);
      expect(analysis.verdict).toBe('diverges');
    }
  });

  it('no NaN for any loss and optimiser at the extremes of the ranges', () => {
    const extremes: Partial<Config['method']>[] = [
      {},
      { mse: METHOD_RANGES.mse.max, noise: METHOD_RANGES.noise.max },
      { r1: METHOD_RANGES.r1.max, consensus: METHOD_RANGES.consensus.max },
      { r2: METHOD_RANGES.r2.max, gp: METHOD_RANGES.gp.max },
    ];
    const offenders: string[] = [];
    for (const loss of LOSSES) {
      for (const optimizer of OPTIMIZERS) {
        for (const method of extremes) {
          for (const h of [10, 1e6]) {
            for (const dSteps of optimizer === 'altgd' ? [100] : [1]) {
              const config = configWith(
                { loss, ...method },
                { optimizer, lrG: h, lrD: h, dt: h, dSteps },
              );
              if (configConflicts(config).length > 0) continue;
              const { numbers, text } = numbersOf(config);
              if (numbers.some(Number.isNaN) || text.includes('NaN')) {
                offenders.push(`${loss} ${optimizer} ${JSON.stringify(method)} h=${h} d=${dSteps}`);
              }
            }
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('shows an overflowed radius as "overflow"', () => {
    expect(formatNumber(Infinity)).toBe('overflow');
    expect(formatNumber(5.099019513592785)).toBe('5.0990');
  });
});
