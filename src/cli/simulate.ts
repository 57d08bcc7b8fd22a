// `ganflow simulate`: one training run from a start point, on the f64 reference or the GPU.
import type { Config } from '../model/config.ts';
import { PAPER_START, PAPER_STEPS } from '../model/presets.ts';
import { initialState, simulate, step } from '../reference/optimizers.ts';
import type { Vec2 } from '../reference/types.ts';
import { CONFIG_OPTIONS, configFromOptions, parseChoice, parseNumber, parsePoint } from './args.ts';
import type { Command } from './command.ts';
import { UsageError } from './errors.ts';
import { describeMethod, describeOptimizer, formatNumber, formatPoint } from './format.ts';
import { CONFIG_USAGE } from './usage.ts';

const STEPS_RANGE = { min: 0, max: 1e8, integer: true };
const BACKENDS = ['cpu', 'gpu'] as const;

export const simulateCommand: Command = {
  summary: 'one training run from a start point: where it ends after N steps',
  usage: `usage: ganflow simulate --loss LOSS [options] [--steps N] [--from THETA,PSI]
                        [--backend cpu|gpu] [--trajectory] [--json]

Runs the optimiser for N steps from a start point and prints the final (theta, psi).

  --steps N            optimiser steps, 0 to ${STEPS_RANGE.max} (default ${PAPER_STEPS})
  --from THETA,PSI     start point (default ${PAPER_START.join(',')})
  --backend cpu|gpu    the f64 reference (default) or the WebGPU kernel in f32
  --trajectory         every point, start included (cpu only)
  --json               print JSON: {config, backend, steps, from, final[, trajectory]}

${CONFIG_USAGE}`,
  options: {
    ...CONFIG_OPTIONS,
    steps: { type: 'string' },
    from: { type: 'string' },
    backend: { type: 'string' },
    trajectory: { type: 'boolean' },
  },

  async run(values) {
    const config = configFromOptions(values);
    const text = (name: string) => values[name] as string | undefined;
    const steps =
      text('steps') === undefined ? PAPER_STEPS : parseNumber('steps', text('steps')!, STEPS_RANGE);
    const from: Vec2 = text('from') === undefined ? PAPER_START : parsePoint('from', text('from')!);
    const backend = parseChoice('backend', text('backend') ?? 'cpu', BACKENDS);
    if (values.trajectory && backend !== 'cpu') {
      throw new UsageError('--trajectory needs --backend cpu');
    }

    let trajectory: Vec2[] | undefined;
    let final: Vec2;
    if (values.trajectory) {
      trajectory = simulate(config, from, steps);
      final = trajectory[steps];
    } else if (backend === 'cpu') {
      let state = initialState(config, from);
      for (let k = 0; k < steps; k++) state = step(config, state);
      final = state.x;
    } else {
      final = await runOnGpu(config, from, steps);
    }

    if (values.json) {
      return JSON.stringify(
        { config, backend, steps, from, final, ...(trajectory && { trajectory }) },
        null,
        2,
      );
    }
    const header = `${describeMethod(config.method)}; ${describeOptimizer(config.optimizer)}`;
    const table = trajectory?.map(
      ([theta, psi], k) => `${k}\t${formatNumber(theta)}\t${formatNumber(psi)}`,
    );
    const summary = `${formatPoint(from)} -> ${formatPoint(final)} after ${steps} steps (${backend})`;
    return [header, ...(table ? ['step\ttheta\tpsi', ...table] : []), summary].join('\n');
  },
};

/** The WGSL kernel through Dawn, loaded only when asked for. */
async function runOnGpu(config: Config, from: Vec2, steps: number): Promise<Vec2> {
  const { simulateOnGpu } = await import('../node/simulate-gpu.ts');
  return simulateOnGpu(config, from, steps);
}
