// The loss catalogue, one small entry per loss, each written per sample in the discriminator
// output t = D(x) = psi * x. With fake samples X = theta + e and real samples Y = e:
//   v_theta = -E[psi g'(psi X)],   v_psi = E[X F'(psi X)] + E[Y R'(psi Y)].
import type { Method } from '../model/config.ts';

/** A per-sample loss through its first three derivatives (the field needs up to the Hessian). */
export interface SampleLoss {
  d1: (t: number) => number;
  d2: (t: number) => number;
  d3: (t: number) => number;
  /** Outputs t where d1 jumps; elsewhere d2 and d3 are exact. */
  kinks: readonly number[];
}

export interface LossTerms {
  /** g, the generator's loss on fake samples. */
  generator: SampleLoss;
  /** F, the discriminator's objective on fake samples. */
  fake: SampleLoss;
  /** R, the discriminator's objective on real samples. */
  real: SampleLoss;
}

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

/** f(t) = -log(1 + e^-t): f' = sigmoid(-t), f'' = -s(1 - s), f''' = -s(1 - s)(1 - 2s), s = sigmoid(t). */
const logistic: SampleLoss = {
  d1: (t) => sigmoid(-t),
  d2: (t) => -sigmoid(t) * sigmoid(-t),
  d3: (t) => {
    const s = sigmoid(t);
    return -s * (1 - s) * (1 - 2 * s);
  },
  kinks: [],
};

/** t -> sign * l(-t): the k-th derivative is sign * (-1)^k l^(k)(-t). */
function reflected(loss: SampleLoss, sign: 1 | -1): SampleLoss {
  return {
    d1: (t) => -sign * loss.d1(-t),
    d2: (t) => sign * loss.d2(-t),
    d3: (t) => -sign * loss.d3(-t),
    kinks: loss.kinks.map((kink) => -kink),
  };
}

function linear(slope: number): SampleLoss {
  return { d1: () => slope, d2: () => 0, d3: () => 0, kinks: [] };
}

/** sign * (t + centre)^2 / 2. */
function quadratic(centre: number, sign: 1 | -1): SampleLoss {
  return { d1: (t) => sign * (t + centre), d2: () => sign, d3: () => 0, kinks: [] };
}

/** -max(0, 1 - side * t): the hinge on fake (side 1) or real (side -1) samples. */
function hinge(side: 1 | -1): SampleLoss {
  return { d1: (t) => (side * t < 1 ? side : 0), d2: () => 0, d3: () => 0, kinks: [side] };
}

export function lossTerms(method: Method): LossTerms {
  switch (method.loss) {
    case 'gan':
      return { generator: logistic, fake: logistic, real: reflected(logistic, 1) };
    case 'nsgan':
      return { generator: reflected(logistic, -1), fake: logistic, real: reflected(logistic, 1) };
    case 'wgan':
      return { generator: linear(1), fake: linear(1), real: linear(-1) };
    case 'lsgan': {
      const [a, b, c] = method.lsCodes;
      return { generator: quadratic(c, 1), fake: quadratic(a, -1), real: quadratic(b, -1) };
    }
    case 'hinge':
      return { generator: linear(1), fake: hinge(1), real: hinge(-1) };
  }
}
