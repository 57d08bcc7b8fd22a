// What the benchmark runs: two optimiser kernels times three fields, from the cheapest
// field to the costliest (instance noise: NOISE_NODES quadrature nodes per evaluation).
import { type Config, defaultConfig } from '../model/config.ts';

export const BENCH_KERNELS = ['flow', 'simgd'] as const;
export type BenchKernel = (typeof BENCH_KERNELS)[number];

export const BENCH_FIELDS = ['gan', 'gan-mse', 'noise'] as const;
export type BenchField = (typeof BENCH_FIELDS)[number];

export interface BenchCase {
  kernel: BenchKernel;
  field: BenchField;
  /** Short label for tables and the plot, e.g. "flow (RK4) / gan + mse". */
  label: string;
  config: Config;
}

const KERNEL_LABELS: Record<BenchKernel, string> = { flow: 'flow (RK4)', simgd: 'simgd' };
const FIELD_LABELS: Record<BenchField, string> = {
  gan: 'gan',
  'gan-mse': 'gan + mse 1',
  noise: 'noise 0.7',
};

/** GAN loss; MSE weight lambda = 1; instance noise sigma = 0.7 (the 2018 paper's value). */
export function benchConfig(kernel: BenchKernel, field: BenchField): Config {
  const config = defaultConfig();
  config.method.loss = 'gan';
  if (field === 'gan-mse') config.method.mse = 1;
  if (field === 'noise') config.method.noise = 0.7;
  config.optimizer.optimizer = kernel;
  return config;
}

export function benchCases(): BenchCase[] {
  return BENCH_KERNELS.flatMap((kernel) =>
    BENCH_FIELDS.map((field) => ({
      kernel,
      field,
      label: `${KERNEL_LABELS[kernel]} / ${FIELD_LABELS[field]}`,
      config: benchConfig(kernel, field),
    })),
  );
}
