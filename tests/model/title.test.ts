// Panel captions are built from the Config itself, so they can never go stale.
import { describe, expect, it } from 'vitest';
import { type Config, defaultConfig } from '../../src/model/config.ts';
import { panelTitle } from '../../src/model/title.ts';

function config(method: Partial<Config['method']>, optimizer: Partial<Config['optimizer']> = {}) {
  const result = defaultConfig();
  Object.assign(result.method, method);
  Object.assign(result.optimizer, optimizer);
  return result;
}

describe('panel titles', () => {
  it('name the loss, every active regulariser and the optimiser with its step', () => {
    expect(panelTitle(defaultConfig())).toBe('GAN · RK4 flow dt=0.05');
    expect(panelTitle(config({ mse: 1 }, { optimizer: 'simgd', lrG: 0.1, lrD: 0.1 }))).toBe(
      'GAN + MSE λ=1 · SimGD h=0.1',
    );
    expect(
      panelTitle(config({ loss: 'nsgan', r1: 0.3, noise: 0.7 }, { optimizer: 'euler', dt: 0.2 })),
    ).toBe('NS-GAN + R1 γ=0.3 + noise σ=0.7 · Euler dt=0.2');
    expect(
      panelTitle(config({ loss: 'wgan', clip: 1, gp: 0.7 }, { optimizer: 'extragradient' })),
    ).toBe('WGAN + clip c=1 + GP γ=0.7 g₀=1 · extragradient h=0.1');
  });

  it('show unequal learning rates, alternating order and steps, momentum and LSGAN codes', () => {
    expect(
      panelTitle(config({}, { optimizer: 'altgd', lrG: 0.2, lrD: 0.05, dSteps: 5, order: 'gd' })),
    ).toBe('GAN · AltGD hG=0.2 hD=0.05 5 D steps G first');
    expect(panelTitle(config({ loss: 'lsgan', consensus: 1 / 3 }, { optimizer: 'momentum' }))).toBe(
      'LSGAN a,b,c=-1,1,0 + consensus γ=0.3333 · momentum h=0.1 β=0.5',
    );
    expect(panelTitle(config({ loss: 'hinge', r2: 2 }, { optimizer: 'optimistic' }))).toBe(
      'hinge + R2 γ=2 · optimistic GD h=0.1',
    );
  });
});
