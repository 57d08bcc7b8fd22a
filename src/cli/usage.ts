// The help texts: the options shared by every command that takes a training method.
import { LOSSES, OPTIMIZERS, defaultConfig } from '../model/config.ts';
import { PRESET_NAMES } from '../model/presets.ts';

const defaults = defaultConfig();

/** Words joined by ", " and wrapped to 100 columns under an indent. */
function wrap(words: string[], indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line === '' ? word : `${line}, ${word}`;
    if (indent.length + next.length > 99 && line !== '') {
      lines.push(`${line},`);
      line = word;
    } else {
      line = next;
    }
  }
  lines.push(line);
  return lines.map((text) => indent + text).join('\n');
}

export const CONFIG_USAGE = `method:
  --preset NAME        start from a preset (flags given with it override it), one of:
${wrap(PRESET_NAMES, '                         ')}
  --loss LOSS          ${LOSSES.join(' | ')} (needed unless --preset gives it)
  --mse L              MSE weight lambda on the generator, lambda theta^2
  --r1 G, --r2 G       gradient penalty weights on real / fake samples
  --gp G               WGAN-GP weight gamma
  --gp-target T        WGAN-GP target gradient norm g0 (default ${defaults.method.gpTarget})
  --noise S            instance-noise standard deviation sigma
  --consensus G        consensus weight gamma in v - gamma J^T v
  --clip C             WGAN weight clip |psi| <= C (wgan only)
  --ls-codes A,B,C     LSGAN codes: fake, real and generator targets
                       (default ${defaults.method.lsCodes.join(',')})

optimizer:
  --optimizer NAME     ${OPTIMIZERS.join(' | ')}
                       (default ${defaults.optimizer.optimizer}: the gradient flow by RK4)
  --lr H               both learning rates, or dt for flow and euler
  --lr-g HG, --lr-d HD generator / discriminator learning rates (default ${defaults.optimizer.lrG})
  --dt DT              step of flow and euler (default ${defaults.optimizer.dt})
  --d-steps N          altgd: discriminator steps per generator step
                       (default ${defaults.optimizer.dSteps})
  --order dg|gd        altgd: discriminator or generator first (default ${defaults.optimizer.order})
  --beta B             momentum coefficient (default ${defaults.optimizer.beta})

A negative value may follow its flag: --beta -0.5 or --beta=-0.5.`;
