// `ganflow bench`: the options, a Dawn device, the run; the tables for stdout, the files in
// the output folder, progress on stderr.
import type { OptionValues } from '../cli/args.ts';
import { parseNumber } from '../cli/args.ts';
import type { Command } from '../cli/command.ts';
import { UsageError } from '../cli/errors.ts';
import { maxParticles } from '../gpu/limits.ts';
import { mapThroughput } from '../gpu/map-runs.ts';
import { adapterSummary } from './environment.ts';
import { DEFAULT_OUT_DIR, textReport, writeReport } from './output.ts';
import { stderrProgress } from './progress.ts';
import { runBenchmark } from './run.ts';
import { type BenchOptions, MAX_STEPS, PARTICLE_COUNTS, makePlan } from './schedule.ts';

const USAGE = `usage: ganflow bench [--quick] [--max N] [--full] [--steps N] [--out DIR]

Times the particle integrator on the WebGPU adapter, several steps fused per dispatch and one
step per dispatch, against a tuned JavaScript loop and the f64 reference: RK4 flow and
simultaneous GD on the gan, gan + mse 1 and instance-noise 0.7 fields, at
${PARTICLE_COUNTS.map((n) => n.toLocaleString('en-US')).join(', ')} particles
(up to the adapter's limit); then the basin map's throughput at 2,097,152 starts. Prints the
tables; writes benchmark.json, benchmark.md and benchmark.svg.

options:
  --quick      a short run: up to 262,144 particles, short repetitions
  --max N      largest particle count
  --full       run every size however long it takes (by default a size whose shortest run
               would last over 3 s per repetition is skipped, and listed)
  --steps N    this many steps per repetition everywhere, instead of sizing them to the machine
  --out DIR    output folder (default ${DEFAULT_OUT_DIR})
  --help       this text`;

export interface BenchArguments extends BenchOptions {
  out: string;
}

export function benchArguments(values: OptionValues): BenchArguments {
  const integer = (name: string, max: number) => {
    const text = values[name] as string | undefined;
    return text === undefined ? undefined : parseNumber(name, text, { min: 1, max, integer: true });
  };
  const out = (values.out as string | undefined) ?? DEFAULT_OUT_DIR;
  if (out === '') throw new UsageError('--out needs a folder');
  return {
    quick: values.quick === true,
    full: values.full === true,
    max: integer('max', 2 ** 32),
    steps: integer('steps', 100 * MAX_STEPS),
    out,
  };
}

export const benchCommand: Command = {
  summary: 'time the GPU integrator against the CPU (tables, JSON, Markdown, SVG)',
  usage: USAGE,
  options: {
    quick: { type: 'boolean' },
    max: { type: 'string' },
    full: { type: 'boolean' },
    steps: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean' },
  },
  async run(values) {
    const options = benchArguments(values);
    // Dawn's native addon loads only for the commands that need a GPU.
    const { createNodeDevice, loadShaderLibrary } = await import('../node/webgpu.ts');
    const { device, adapterInfo } = await createNodeDevice();
    try {
      const plan = makePlan(options, maxParticles(device.limits));
      const progress = stderrProgress();
      const shaders = loadShaderLibrary();
      const report = await runBenchmark(
        { device, shaders, adapter: adapterSummary(adapterInfo) },
        plan,
        progress,
      );
      progress.close();
      // The convergence maps' kernel at about 2M starts (10 steps each in a quick run).
      report.maps = await mapThroughput(device, shaders, { steps: options.quick ? 10 : 100 });
      const files = writeReport(report, options.out);
      return `${textReport(report)}\nwrote ${files.json}, ${files.markdown}, ${files.svg}`;
    } finally {
      device.destroy();
    }
  },
};
