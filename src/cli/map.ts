// `ganflow map basin|stability|prediction`: convergence maps computed on the GPU through Dawn,
// written as a PNG with axes and legend, raw float32 with a JSON header, or CSV.
import { count, si } from '../bench/format.ts';
import { type Config, FLOW_INTEGRATORS, configConflicts } from '../model/config.ts';
import { MAX_CSV_PIXELS } from '../maps/export.ts';
import type { ViewRect } from '../maps/grid.ts';
import {
  MAP_PARAMETERS,
  type MapAxis,
  type MapParameter,
  PARAMETER_INFO,
  parameterNamed,
  withParameter,
} from '../maps/parameters.ts';
import {
  type MapProduct,
  basinProduct,
  predictionProduct,
  stabilityProduct,
} from '../maps/products.ts';
import type { BasinSpec, MapKind, StabilitySpec } from '../maps/specs.ts';
import { analyze } from '../reference/analysis.ts';
import { nonDifferentiableReason } from '../reference/field.ts';
import {
  CONFIG_OPTIONS,
  type OptionSpecs,
  type OptionValues,
  configFromOptions,
  parseNumber,
} from './args.ts';
import type { Command } from './command.ts';
import { UsageError } from './errors.ts';
import { CONFIG_USAGE } from './usage.ts';

const string = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;

const SIZE_RANGE = { min: 1, max: 16384, integer: true };
const STEPS_RANGE = { min: 0, max: 1e6, integer: true };
const DEFAULTS = {
  size: '512,512',
  view: '-2,2,-2,2',
  steps: 1000,
  epsilon: 1e-3,
  bound: 1000,
  radius: 0.5,
  axes: 'lr,mse',
};
/** Ranges of the stability axes when --range is not given. */
const DEFAULT_RANGES: Record<MapParameter, [number, number]> = {
  lr: [0, 2],
  lrG: [0, 2],
  lrD: [0, 2],
  beta: [-0.99, 0.99],
  mse: [0, 2],
  r1: [0, 2],
  r2: [0, 2],
  noise: [0, 2],
  consensus: [0, 4],
};
/** Submissions of the CLI may run longer than a page's: nobody waits on a frame. */
const CLI_CHUNK_MS = 200;

const COMMON_OPTIONS: OptionSpecs = {
  ...CONFIG_OPTIONS,
  size: string,
  out: string,
  timing: flag,
};
const BASIN_OPTIONS: OptionSpecs = {
  ...COMMON_OPTIONS,
  view: string,
  steps: string,
  epsilon: string,
  bound: string,
};

const COMMON_USAGE = `  --size W,H           pixels (default ${DEFAULTS.size})
  --out FILE           FILE.png: picture with axes and legend; FILE.f32: float32 values, row 0 at
                       the top, with the header FILE.json (axes, ranges, what the value means);
                       FILE.csv: one line per pixel (small maps)
  --timing             print the throughput (basin: starts x steps per second)
  --json               print JSON: {kind, files, summary, seconds, throughput}`;

const BASIN_USAGE = `  --view T0,T1,P0,P1   start rectangle: theta from T0 to T1, psi from P0 to P1
                       (default ${DEFAULTS.view})
  --steps K            K, the steps a run has to arrive (default ${DEFAULTS.steps}, at most 1e6)
  --epsilon E          arrived: |x| < E, the distance to (0, 0) (default ${DEFAULTS.epsilon})
  --bound B            diverged: |x| > B or not finite (default ${DEFAULTS.bound})`;

const basinCommand: Command = {
  summary: 'per start (theta, psi): steps until |x| < epsilon, or diverged',
  usage: `usage: ganflow map basin --loss LOSS [options] --out FILE [--size W,H] [--view ...]

Runs the optimiser from every pixel of the view and records the first step at which the run
comes within epsilon of the equilibrium (0, 0), or that it diverged, or that it did neither
within K steps. Computed on the GPU (WebGPU through Dawn) in f32.

${BASIN_USAGE}
${COMMON_USAGE}

${CONFIG_USAGE}`,
  options: BASIN_OPTIONS,
  run: (values) => runMap('basin', values),
};

const stabilityCommand: Command = {
  summary: 'per parameter pair: spectral radius of the update map at the equilibrium',
  usage: `usage: ganflow map stability --loss LOSS [options] --out FILE [--axes A,B] [--range ...]

Sets two parameters of the method from each pixel and computes, on the GPU from the analytic
Jacobian at (0, 0), the spectral radius rho of one optimiser step there (rho < 1: converges
from near the equilibrium). The picture draws the rho = 1 contour and, where the closed form
is known (simgd and altgd on gan or nsgan, lr against one regulariser), the critical curve.

  --axes A,B           the horizontal and vertical parameters (default ${DEFAULTS.axes}), from:
                       ${MAP_PARAMETERS.map((p) => PARAMETER_INFO[p].flag).join(', ')}
                       (lr sets lrG = lrD, or dt for flow and euler)
  --range A0,A1,B0,B1  their ranges (default per parameter, e.g. lr 0 to 2)
${COMMON_USAGE}

${CONFIG_USAGE}`,
  options: { ...COMMON_OPTIONS, axes: string, range: string },
  run: (values) => runMap('stability', values),
};

const predictionCommand: Command = {
  summary: 'basin starts near the equilibrium that contradict the linear prediction',
  usage: `usage: ganflow map prediction --loss LOSS [options] --out FILE [--radius R] [--view ...]

Marks the starts within R of the equilibrium where the basin map (arrived or not) disagrees
with the linear prediction: the f64 reference's verdict at (0, 0), converges when the update
map's spectral radius is below 1 (within 1e-12 of 1 counts as neutral). Values: 0 not judged,
1 agrees, 2 predicted to converge but did not arrive, 3 not predicted but arrived.

  --radius R           judge starts with |x| <= R (default ${DEFAULTS.radius})
${BASIN_USAGE}
${COMMON_USAGE}

${CONFIG_USAGE}`,
  options: { ...BASIN_OPTIONS, radius: string },
  run: (values) => runMap('prediction', values),
};

const SUBCOMMANDS = {
  basin: basinCommand,
  stability: stabilityCommand,
  prediction: predictionCommand,
};

export const mapCommand: Command = {
  summary: 'convergence maps on the GPU: basin, stability diagram, linear prediction',
  usage: `usage: ganflow map basin|stability|prediction [options] --out FILE

${Object.entries(SUBCOMMANDS)
  .map(([name, command]) => `  ${name.padEnd(12)}${command.summary}`)
  .join('\n')}

ganflow help map <kind> (or ganflow map <kind> --help) lists the options of each.`,
  options: { ...BASIN_OPTIONS, axes: string, range: string, radius: string },
  subcommands: SUBCOMMANDS,
  async run() {
    throw new UsageError('map needs a kind: basin, stability or prediction');
  },
};

/** Comma-separated numbers, exactly `count` of them. */
function parseList(flagName: string, text: string, count: number, form: string): number[] {
  const parts = text.split(',');
  if (parts.length !== count) {
    throw new UsageError(`--${flagName} takes ${form}, got '${text}'`);
  }
  return parts.map((part) => parseNumber(flagName, part));
}

function parseSize(values: OptionValues): [number, number] {
  const text = (values.size as string | undefined) ?? DEFAULTS.size;
  const [width, height] = parseList('size', text, 2, 'W,H');
  for (const side of [width, height]) parseNumber('size', String(side), SIZE_RANGE);
  return [width, height];
}

function parseOut(
  values: OptionValues,
  fileType: (path: string) => string | null,
  [width, height]: [number, number],
): string {
  const out = values.out as string | undefined;
  if (out === undefined || out === '') throw new UsageError('missing --out FILE');
  const type = fileType(out);
  if (type === null) throw new UsageError(`--out: '${out}' must end in .png, .f32 or .csv`);
  if (type === '.csv' && width * height > MAX_CSV_PIXELS) {
    throw new UsageError(
      `--out: CSV is for maps of at most ${count(MAX_CSV_PIXELS)} pixels; write .f32 instead`,
    );
  }
  return out;
}

function numberOption(values: OptionValues, name: string, fallback: number, min = 0): number {
  const text = values[name] as string | undefined;
  return text === undefined ? fallback : parseNumber(name, text, { min, max: Infinity });
}

function basinSpec(config: Config, values: OptionValues, [width, height]: [number, number]) {
  const viewText = (values.view as string | undefined) ?? DEFAULTS.view;
  const [thetaMin, thetaMax, psiMin, psiMax] = parseList('view', viewText, 4, 'T0,T1,P0,P1');
  if (!(thetaMin < thetaMax && psiMin < psiMax)) {
    throw new UsageError(`--view needs T0 < T1 and P0 < P1, got '${viewText}'`);
  }
  const view: ViewRect = { thetaMin, thetaMax, psiMin, psiMax };
  const stepsText = values.steps as string | undefined;
  const steps =
    stepsText === undefined ? DEFAULTS.steps : parseNumber('steps', stepsText, STEPS_RANGE);
  const epsilon = numberOption(values, 'epsilon', DEFAULTS.epsilon);
  const bound = numberOption(values, 'bound', DEFAULTS.bound);
  const corner = Math.max(
    ...[thetaMin, thetaMax].flatMap((t) => [psiMin, psiMax].map((p) => Math.hypot(t, p))),
  );
  if (!(bound > corner)) {
    throw new UsageError(
      `--bound ${bound} must exceed the view's farthest corner, |x| = ${corner}`,
    );
  }
  const spec: BasinSpec = { config, view, width, height, steps, epsilon, bound };
  return spec;
}

function stabilitySpec(config: Config, values: OptionValues, [width, height]: [number, number]) {
  const axesText = (values.axes as string | undefined) ?? DEFAULTS.axes;
  const names = axesText.split(',');
  if (names.length !== 2) throw new UsageError(`--axes takes A,B (two names), got '${axesText}'`);
  const parameters = names.map((name) => {
    const parameter = parameterNamed(name.trim());
    if (parameter === undefined) {
      const known = MAP_PARAMETERS.map((p) => PARAMETER_INFO[p].flag).join(', ');
      throw new UsageError(`--axes: unknown parameter '${name}' (one of ${known})`);
    }
    return parameter;
  }) as [MapParameter, MapParameter];
  if (parameters[0] === parameters[1])
    throw new UsageError('--axes needs two different parameters');
  checkAxesApply(config, parameters);

  const rangeText = values.range as string | undefined;
  const ends =
    rangeText === undefined
      ? [...DEFAULT_RANGES[parameters[0]], ...DEFAULT_RANGES[parameters[1]]]
      : parseList('range', rangeText, 4, 'A0,A1,B0,B1');
  const axes = parameters.map((parameter, k) => {
    const [min, max] = [ends[2 * k], ends[2 * k + 1]];
    const flagName = PARAMETER_INFO[parameter].flag;
    if (!(min < max)) throw new UsageError(`--range: ${flagName} needs its min below its max`);
    // Pixels stand for their centres: those must be settings the parameter accepts.
    const count = k === 0 ? width : height;
    const cell = (max - min) / count;
    for (const centre of [min + cell / 2, max - cell / 2]) {
      parseNumber('range', String(centre), PARAMETER_INFO[parameter].spec);
    }
    return { parameter, min, max };
  }) as [MapAxis, MapAxis];

  const corner = axes.reduce((c, axis) => withParameter(c, axis.parameter, axis.max), config);
  const [conflict] = configConflicts(corner);
  if (conflict) throw new UsageError(`conflicting settings on the map: ${conflict}`);
  const reason = nonDifferentiableReason(config.method, 0, 0);
  if (reason !== null) {
    throw new UsageError(`the stability map needs J at (0, 0), but ${reason}`);
  }
  const spec: StabilitySpec = { config, axes, width, height };
  return spec;
}

function checkAxesApply(config: Config, parameters: MapParameter[]): void {
  const optimizer = config.optimizer.optimizer;
  for (const parameter of parameters) {
    const flow = FLOW_INTEGRATORS.includes(optimizer);
    const moot =
      (parameter === 'beta' && optimizer !== 'momentum') ||
      ((parameter === 'lrG' || parameter === 'lrD') && flow);
    if (moot) {
      throw new UsageError(
        `--axes: ${PARAMETER_INFO[parameter].flag} does not apply to --optimizer ${optimizer}`,
      );
    }
  }
}

async function runMap(kind: MapKind, values: OptionValues): Promise<string> {
  const config = configFromOptions(values);
  const size = parseSize(values);
  const { mapFileType, writeMapFile } = await import('../node/map-files.ts');
  const out = parseOut(values, mapFileType, size);
  const basin = kind === 'stability' ? null : basinSpec(config, values, size);
  const stability = kind === 'stability' ? stabilitySpec(config, values, size) : null;
  const radius = numberOption(values, 'radius', DEFAULTS.radius);
  const analysis = analyze(config);
  if (kind === 'prediction' && analysis.spectralRadius === null) {
    throw new UsageError(`no linear prediction: ${analysis.verdictText}`);
  }
  const prediction = {
    converges: analysis.verdict === 'converges',
    spectralRadius: analysis.spectralRadius ?? NaN,
  };

  // Dawn's native addon loads only for the commands that need a GPU.
  const { createNodeDevice, loadShaderLibrary } = await import('../node/webgpu.ts');
  const { computeBasinMap, computeStabilityMap } = await import('../gpu/map-runs.ts');
  const { device } = await createNodeDevice();
  let product: MapProduct;
  let timing: string;
  let seconds: number;
  let throughput: number;
  try {
    const shaders = loadShaderLibrary();
    const options = { chunkMs: CLI_CHUNK_MS };
    if (stability) {
      const result = await computeStabilityMap(device, shaders, stability, options);
      product = stabilityProduct(stability, result.radii);
      seconds = result.seconds;
      throughput = result.work / seconds;
      timing =
        `${count(result.work)} pixels in ${seconds.toFixed(3)} s: ` + `${si(throughput)} pixels/s`;
    } else {
      const spec = basin!;
      const result = await computeBasinMap(device, shaders, spec, options);
      product =
        kind === 'basin'
          ? basinProduct(spec, result.outcomes)
          : predictionProduct(spec, result.outcomes, prediction, radius);
      seconds = result.seconds;
      throughput = result.work / seconds;
      const starts = spec.width * spec.height;
      timing =
        `${count(starts)} starts x up to ${spec.steps} steps in ` +
        `${seconds.toFixed(3)} s: ${si(throughput)} starts x steps/s`;
    }
  } finally {
    device.destroy();
  }

  const files = writeMapFile(product, out);
  if (values.json) {
    return JSON.stringify({ kind, files, summary: product.summary, seconds, throughput }, null, 2);
  }
  return [product.summary, ...(values.timing ? [timing] : []), `wrote ${files.join(', ')}`].join(
    '\n',
  );
}
