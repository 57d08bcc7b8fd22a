// `ganflow analyze`: local stability of a training method at a point.
import { analyze } from '../reference/analysis.ts';
import type { Vec2 } from '../reference/types.ts';
import { CONFIG_OPTIONS, configFromOptions, parsePoint } from './args.ts';
import type { Command } from './command.ts';
import {
  describeMethod,
  describeOptimizer,
  formatComplex,
  formatMatrix,
  formatNumber,
  formatPoint,
} from './format.ts';
import { CONFIG_USAGE } from './usage.ts';

export const analyzeCommand: Command = {
  summary: 'J, its eigenvalues, the update map and the largest stable learning rate at a point',
  usage: `usage: ganflow analyze --loss LOSS [options] [--at THETA,PSI] [--json]

The field v and its Jacobian J at a point (default: the equilibrium 0,0), J's eigenvalues,
the Jacobian of one optimiser step with its eigenvalues and spectral radius, the largest
learning rate h (lrG = lrD = h; dt for flow and euler) with spectral radius < 1, and a verdict.

  --at THETA,PSI       the point (default 0,0)
  --json               print JSON: {config, point, field, jacobian, eigenvalues, updateJacobian,
                       updateEigenvalues, spectralRadius, criticalLearningRate, verdict,
                       verdictText}

${CONFIG_USAGE}`,
  options: { ...CONFIG_OPTIONS, at: { type: 'string' } },

  async run(values) {
    const config = configFromOptions(values);
    const at: Vec2 = values.at === undefined ? [0, 0] : parsePoint('at', values.at as string);
    const analysis = analyze(config, at);
    if (values.json) return JSON.stringify({ config, ...analysis }, null, 2);

    const orNone = <T>(value: T | null, show: (value: T) => string) =>
      value === null ? 'none' : show(value);
    const step = config.optimizer.optimizer === 'flow' || config.optimizer.optimizer === 'euler';
    const lines = [
      ['method', describeMethod(config.method)],
      ['optimizer', describeOptimizer(config.optimizer)],
      ['point', formatPoint(analysis.point)],
      ['field', formatPoint(analysis.field)],
      ['J', orNone(analysis.jacobian, formatMatrix)],
      ['eigenvalues', orNone(analysis.eigenvalues, (l) => l.map(formatComplex).join(', '))],
      ['spectral radius', orNone(analysis.spectralRadius, formatNumber)],
      [step ? 'critical dt' : 'critical lr', orNone(analysis.criticalLearningRate, formatNumber)],
      ['verdict', analysis.verdictText],
    ];
    return lines.map(([label, text]) => `${label.padEnd(17)}${text}`).join('\n');
  },
};
