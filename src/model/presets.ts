// Settings of the Dirac-GAN figures of Mescheder, Geiger and Nowozin (2018): h = 0.2 for both
// players, start (1, 1), 500 steps; each method under SimGD and alternating GD with 1 and 5
// discriminator steps.
import { type Config, type Method, type Optimizer, defaultConfig } from './config.ts';

export const PAPER_START: [number, number] = [1, 1];
export const PAPER_STEPS = 500;
const PAPER_LR = 0.2;

const METHODS: Record<string, Partial<Method>> = {
  gan: { loss: 'gan' },
  nsgan: { loss: 'nsgan' },
  wgan: { loss: 'wgan', clip: 1 },
  'wgan-gp': { loss: 'wgan', gp: 0.7, gpTarget: 1 },
  noise: { loss: 'gan', noise: 0.7 },
  r1: { loss: 'gan', r1: 0.3 },
  'r1-critical': { loss: 'gan', r1: 1 },
  consensus: { loss: 'gan', consensus: 1 },
};

const OPTIMIZERS: Record<string, Partial<Optimizer>> = {
  simgd: { optimizer: 'simgd' },
  altgd: { optimizer: 'altgd', dSteps: 1 },
  altgd5: { optimizer: 'altgd', dSteps: 5 },
};

function buildPresets(): Record<string, Config> {
  const presets: Record<string, Config> = {};
  for (const [methodName, method] of Object.entries(METHODS)) {
    for (const [optimizerName, optimizer] of Object.entries(OPTIMIZERS)) {
      const config = defaultConfig();
      Object.assign(config.method, method);
      Object.assign(config.optimizer, optimizer, { lrG: PAPER_LR, lrD: PAPER_LR, order: 'dg' });
      presets[`paper-${methodName}-${optimizerName}`] = config;
    }
  }
  return presets;
}

export const PRESETS: Readonly<Record<string, Config>> = buildPresets();
export const PRESET_NAMES = Object.keys(PRESETS);
