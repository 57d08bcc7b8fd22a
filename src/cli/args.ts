// Command-line arguments to a Config: strict parsing with node:util, every number checked
// against the ranges of src/model/config.ts, every message naming the flag at fault.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import {
  type Config,
  LOSSES,
  LS_CODE_RANGE,
  METHOD_RANGES,
  type NumericSpec,
  OPTIMIZER_RANGES,
  OPTIMIZERS,
  type OptimizerName,
  FLOW_INTEGRATORS,
  checkNumber,
  cloneConfig,
  configConflicts,
  defaultConfig,
} from '../model/config.ts';
import { PRESETS } from '../model/presets.ts';
import type { Vec2 } from '../reference/types.ts';
import { UsageError } from './errors.ts';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | undefined>;

/** Flags that set one numeric field of the method. */
const METHOD_FLAGS = {
  mse: 'mse',
  r1: 'r1',
  r2: 'r2',
  gp: 'gp',
  'gp-target': 'gpTarget',
  noise: 'noise',
  consensus: 'consensus',
  clip: 'clip',
} as const satisfies Record<string, keyof typeof METHOD_RANGES>;

/** Flags that set one numeric field of the optimiser. */
const OPTIMIZER_FLAGS = {
  dt: 'dt',
  'lr-g': 'lrG',
  'lr-d': 'lrD',
  'd-steps': 'dSteps',
  beta: 'beta',
} as const satisfies Record<string, keyof typeof OPTIMIZER_RANGES>;

const string = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;

/** The options every command that takes a training method accepts. */
export const CONFIG_OPTIONS: OptionSpecs = {
  preset: string,
  loss: string,
  'ls-codes': string,
  ...Object.fromEntries(Object.keys(METHOD_FLAGS).map((name) => [name, string])),
  optimizer: string,
  lr: string,
  ...Object.fromEntries(Object.keys(OPTIMIZER_FLAGS).map((name) => [name, string])),
  order: string,
  json: flag,
  help: flag,
};

/** Which optimisers each optimiser flag means something for. */
const APPLIES_TO: Record<string, (optimizer: OptimizerName) => boolean> = {
  dt: (optimizer) => FLOW_INTEGRATORS.includes(optimizer),
  'lr-g': (optimizer) => !FLOW_INTEGRATORS.includes(optimizer),
  'lr-d': (optimizer) => !FLOW_INTEGRATORS.includes(optimizer),
  'd-steps': (optimizer) => optimizer === 'altgd',
  order: (optimizer) => optimizer === 'altgd',
  beta: (optimizer) => optimizer === 'momentum',
};

/** Strict parse; a negative number may follow its flag (`--at -1,2`), as with `--at=-1,2`. */
export function parseOptions(args: string[], options: OptionSpecs): OptionValues {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : '';
    const next = args[i + 1];
    if (options[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${args[i]}=${next}`);
      i++;
    } else {
      joined.push(args[i]);
    }
  }

  try {
    const { values } = parseArgs({ args: joined, options, strict: true, allowPositionals: false });
    return values as OptionValues;
  } catch (error) {
    throw new UsageError(parseErrorMessage(error as Error & { code?: string }));
  }
}

function parseErrorMessage(error: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  const argument = /'([^']*)'/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${argument}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return error.message.includes('does not take an argument')
        ? `${option} takes no value`
        : `${option} needs a value`;
    default:
      return error.message.split('\n')[0];
  }
}

/** A decimal number; Number() alone would take '' as 0 and '0x1f' as 31. */
export function parseNumber(flagName: string, text: string, spec?: NumericSpec): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim())) {
    throw new UsageError(`--${flagName}: '${text}' is not a number`);
  }
  const value = Number(text);
  const problem = checkNumber(value, spec ?? { min: -Infinity, max: Infinity });
  if (problem) throw new UsageError(`--${flagName} ${problem} (got ${text})`);
  return value;
}

/** "THETA,PSI" as a point. */
export function parsePoint(flagName: string, text: string): Vec2 {
  const parts = text.split(',');
  if (parts.length !== 2) {
    throw new UsageError(`--${flagName} takes THETA,PSI (two numbers and a comma), got '${text}'`);
  }
  return [parseNumber(flagName, parts[0]), parseNumber(flagName, parts[1])];
}

export function parseChoice<T extends string>(
  flagName: string,
  text: string,
  names: readonly T[],
): T {
  if (names.includes(text as T)) return text as T;
  throw new UsageError(`--${flagName}: unknown value '${text}' (one of ${names.join(', ')})`);
}

/**
 * The Config the options describe: the preset (or the defaults), then each flag on top.
 * --lr sets both learning rates, or dt for the flow integrators.
 */
export function configFromOptions(values: OptionValues): Config {
  const text = (name: string) => values[name] as string | undefined;

  const presetName = text('preset');
  if (presetName !== undefined && !(presetName in PRESETS)) {
    throw new UsageError(`--preset: unknown preset '${presetName}' (see ganflow --help)`);
  }
  if (presetName === undefined && text('loss') === undefined) {
    throw new UsageError('missing --loss (or --preset)');
  }
  const config = presetName !== undefined ? cloneConfig(PRESETS[presetName]) : defaultConfig();
  const { method, optimizer } = config;

  const loss = text('loss');
  if (loss !== undefined) method.loss = parseChoice('loss', loss, LOSSES);
  for (const [name, key] of Object.entries(METHOD_FLAGS)) {
    const value = text(name);
    if (value !== undefined) method[key] = parseNumber(name, value, METHOD_RANGES[key]);
  }
  const codes = text('ls-codes');
  if (codes !== undefined) {
    const parts = codes.split(',');
    if (parts.length !== 3)
      throw new UsageError(`--ls-codes takes A,B,C (three numbers), got '${codes}'`);
    method.lsCodes = parts.map((part) => parseNumber('ls-codes', part, LS_CODE_RANGE)) as [
      number,
      number,
      number,
    ];
    if (method.loss !== 'lsgan') throw new UsageError('--ls-codes applies to --loss lsgan only');
  }

  const optimizerName = text('optimizer');
  if (optimizerName !== undefined)
    optimizer.optimizer = parseChoice('optimizer', optimizerName, OPTIMIZERS);
  for (const [name, applies] of Object.entries(APPLIES_TO)) {
    if (values[name] !== undefined && !applies(optimizer.optimizer)) {
      throw new UsageError(`--${name} does not apply to --optimizer ${optimizer.optimizer}`);
    }
  }
  for (const [name, key] of Object.entries(OPTIMIZER_FLAGS)) {
    const value = text(name);
    if (value !== undefined) optimizer[key] = parseNumber(name, value, OPTIMIZER_RANGES[key]);
  }
  const order = text('order');
  if (order !== undefined) optimizer.order = parseChoice('order', order, ['dg', 'gd'] as const);

  const lr = text('lr');
  if (lr !== undefined) {
    const other = ['lr-g', 'lr-d', 'dt'].find((name) => values[name] !== undefined);
    if (other) throw new UsageError(`--lr and --${other} together: give one of them`);
    const h = parseNumber('lr', lr, OPTIMIZER_RANGES.lrG);
    if (FLOW_INTEGRATORS.includes(optimizer.optimizer)) optimizer.dt = h;
    else Object.assign(optimizer, { lrG: h, lrD: h });
  }

  const [conflict] = configConflicts(config);
  if (conflict) throw new UsageError(`conflicting settings: ${conflict}`);
  return config;
}
