// A panel's caption, built from its Config every time it is shown: "GAN + MSE λ=1 · SimGD h=0.1".
import { type Config, type LossName, type Method, type Optimizer } from './config.ts';

const LOSS_TITLES: Record<LossName, string> = {
  gan: 'GAN',
  nsgan: 'NS-GAN',
  wgan: 'WGAN',
  lsgan: 'LSGAN',
  hinge: 'hinge',
};

/** Four significant digits at most, without trailing zeros. */
function short(value: number): string {
  return String(Number(value.toPrecision(4)));
}

export function methodTitle(method: Method): string {
  let base = LOSS_TITLES[method.loss];
  if (method.loss === 'lsgan') base += ` a,b,c=${method.lsCodes.map(short).join(',')}`;
  const parts = [base];
  if (method.clip > 0) parts.push(`clip c=${short(method.clip)}`);
  if (method.mse > 0) parts.push(`MSE λ=${short(method.mse)}`);
  if (method.r1 > 0) parts.push(`R1 γ=${short(method.r1)}`);
  if (method.r2 > 0) parts.push(`R2 γ=${short(method.r2)}`);
  if (method.gp > 0) parts.push(`GP γ=${short(method.gp)} g₀=${short(method.gpTarget)}`);
  if (method.noise > 0) parts.push(`noise σ=${short(method.noise)}`);
  if (method.consensus > 0) parts.push(`consensus γ=${short(method.consensus)}`);
  return parts.join(' + ');
}

function learningRates(optimizer: Optimizer): string {
  return optimizer.lrG === optimizer.lrD
    ? `h=${short(optimizer.lrG)}`
    : `hG=${short(optimizer.lrG)} hD=${short(optimizer.lrD)}`;
}

export function optimizerTitle(optimizer: Optimizer): string {
  switch (optimizer.optimizer) {
    case 'flow':
      return `RK4 flow dt=${short(optimizer.dt)}`;
    case 'euler':
      return `Euler dt=${short(optimizer.dt)}`;
    case 'simgd':
      return `SimGD ${learningRates(optimizer)}`;
    case 'altgd': {
      const parts = [`AltGD ${learningRates(optimizer)}`];
      if (optimizer.dSteps !== 1) parts.push(`${optimizer.dSteps} D steps`);
      parts.push(optimizer.order === 'dg' ? 'D first' : 'G first');
      return parts.join(' ');
    }
    case 'extragradient':
      return `extragradient ${learningRates(optimizer)}`;
    case 'optimistic':
      return `optimistic GD ${learningRates(optimizer)}`;
    case 'momentum':
      return `momentum ${learningRates(optimizer)} β=${short(optimizer.beta)}`;
  }
}

export function panelTitle(config: Config): string {
  return `${methodTitle(config.method)} · ${optimizerTitle(config.optimizer)}`;
}
