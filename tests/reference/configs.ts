// Builds test configs from the defaults with a few settings changed.
import { type Config, type Method, type Optimizer, defaultConfig } from '../../src/model/config.ts';

export function configWith(method: Partial<Method>, optimizer: Partial<Optimizer> = {}): Config {
  const config = defaultConfig();
  Object.assign(config.method, method);
  Object.assign(config.optimizer, optimizer);
  return config;
}

/** The guide's f'(t) = 1 / (1 + e^t), written independently of the reference. */
export const fPrime = (t: number) => 1 / (1 + Math.exp(t));
