// The real launcher, as a user runs it: node bin/ganflow.mjs, checked against the f64 reference.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PAPER_START, PAPER_STEPS, PRESETS } from '../../src/model/presets.ts';
import { analyze } from '../../src/reference/analysis.ts';
import { simulate } from '../../src/reference/optimizers.ts';
import { configWith } from '../reference/configs.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function ganflow(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', ['bin/ganflow.mjs', ...args], { cwd: root }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function json(...args: string[]) {
  const run = await ganflow(...args, '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

describe('ganflow analyze', () => {
  it('nsgan + mse 1: eigenvalues -0.1339746 and -1.8660254, and the JSON shape', async () => {
    const output = await json('analyze', '--loss', 'nsgan', '--mse', '1');
    expect(Object.keys(output)).toEqual([
      'config',
      'point',
      'field',
      'jacobian',
      'eigenvalues',
      'updateJacobian',
      'updateEigenvalues',
      'spectralRadius',
      'criticalLearningRate',
      'verdict',
      'verdictText',
    ]);
    expect(output.config).toEqual(configWith({ loss: 'nsgan', mse: 1 }));
    expect(output.point).toEqual([0, 0]);
    const [[high, highIm], [low, lowIm]] = output.eigenvalues;
    expect(Math.abs(high - -0.1339746)).toBeLessThan(1e-7);
    expect(Math.abs(low - -1.8660254)).toBeLessThan(1e-7);
    expect([highIm, lowIm]).toEqual([0, 0]);
    expect(output.verdict).toBe('converges');
  });

  it('simgd: spectral radius and critical learning rate of the reference', async () => {
    const output = await json(
      'analyze',
      '--loss',
      'gan',
      '--r1',
      '0.3',
      '--optimizer',
      'simgd',
      '--lr',
      '0.5',
    );
    // I + hJ with eigenvalues -0.15 +- 0.477i: radius |1 + 0.5 l|; the limit is 4 gamma.
    expect(output.config.optimizer).toMatchObject({ lrG: 0.5, lrD: 0.5 });
    expect(output.spectralRadius).toBeCloseTo(
      Math.hypot(1 - 0.075, 0.5 * Math.sqrt(0.25 - 0.0225)),
      14,
    );
    expect(output.criticalLearningRate).toBeCloseTo(1.2, 14);
    expect(output.updateJacobian).toHaveLength(2);
  });

  it('a preset with an override, at a negative point given after its flag', async () => {
    const output = await json(
      'analyze',
      '--preset',
      'paper-consensus-altgd5',
      '--lr-d',
      '0.3',
      '--at',
      '-0.5,0.25',
    );
    const config = structuredClone(PRESETS['paper-consensus-altgd5']);
    config.optimizer.lrD = 0.3;
    expect(output.config).toEqual(config);
    const expected = analyze(config, [-0.5, 0.25]);
    expect(output.point).toEqual([-0.5, 0.25]);
    expect(output.spectralRadius).toBe(expected.spectralRadius);
    expect(output.verdictText).toBe(expected.verdictText);
  });

  it('prints a short summary without --json', async () => {
    const run = await ganflow('analyze', '--loss', 'wgan', '--gp', '0.7');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^method +wgan \+ gp 0\.7 \(target 1\)$/m);
    expect(run.stdout).toMatch(/^verdict +undefined: J does not exist: the WGAN-GP term/m);
  });
});

describe('ganflow simulate', () => {
  it('the cpu backend ends where the reference does', async () => {
    const output = await json(
      'simulate',
      '--loss',
      'nsgan',
      '--r1',
      '0.5',
      '--optimizer',
      'momentum',
      '--beta',
      '-0.3',
      '--steps',
      '40',
      '--from',
      '1.5,-2',
    );
    const config = configWith({ loss: 'nsgan', r1: 0.5 }, { optimizer: 'momentum', beta: -0.3 });
    expect(output).toEqual({
      config,
      backend: 'cpu',
      steps: 40,
      from: [1.5, -2],
      final: simulate(config, [1.5, -2], 40)[40],
    });
  });

  it('a preset runs 500 steps from (1, 1), as in the paper; --trajectory lists them', async () => {
    const output = await json('simulate', '--preset', 'paper-r1-altgd', '--trajectory');
    const trajectory = simulate(PRESETS['paper-r1-altgd'], PAPER_START, PAPER_STEPS);
    expect(output.steps).toBe(500);
    expect(output.from).toEqual([1, 1]);
    expect(output.trajectory).toEqual(trajectory);
    expect(output.final).toEqual(trajectory[500]);
  });
  it('the gpu backend (f32 kernel through Dawn) ends near the f64 reference', async () => {
    const args = ['--loss', 'gan', '--r1', '0.3', '--optimizer', 'simgd', '--lr', '0.2'];
    const run = await ganflow('simulate', ...args, '--steps', '300', '--backend', 'gpu', '--json');
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.backend).toBe('gpu');
    const config = configWith({ loss: 'gan', r1: 0.3 }, { optimizer: 'simgd', lrG: 0.2, lrD: 0.2 });
    const [theta, psi] = simulate(config, PAPER_START, 300)[300];
    // A contracting map (radius 0.97): f32 rounding stays near its last few steps' 1e-7.
    expect(Math.abs(output.final[0] - theta)).toBeLessThan(1e-5);
    expect(Math.abs(output.final[1] - psi)).toBeLessThan(1e-5);
  });
});

describe('bad arguments: one line on stderr, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['analyze', '--loss', 'gan', '--bogus'], /^ganflow: unknown option --bogus$/],
    [['analyze', '--loss', 'gan', '--mse'], /^ganflow: --mse needs a value$/],
    [['analyze', '--loss', 'gan', '--noise', 'NaN'], /^ganflow: --noise: 'NaN' is not a number$/],
    [['analyze', '--loss', 'gan', '--r1', '2000'], /^ganflow: --r1 must lie in \[0, 1000\]/],
    [['analyze', '--loss', 'gan', '--at', '1;2'], /^ganflow: --at takes THETA,PSI/],
    [['analyze', '--loss', 'bce'], /^ganflow: --loss: unknown value 'bce'/],
    [
      ['analyze', '--loss', 'gan', '--optimizer', 'adam'],
      /^ganflow: --optimizer: unknown value 'adam'/,
    ],
    [['analyze', '--preset', 'paper-gan-adam'], /^ganflow: --preset: unknown preset/],
    [
      ['analyze', '--loss', 'gan', '--clip', '1'],
      /^ganflow: conflicting settings: clip applies to the wgan loss only$/,
    ],
    [
      ['analyze', '--loss', 'gan', '--optimizer', 'simgd', '--lr', '0.1', '--lr-g', '0.2'],
      /^ganflow: --lr and --lr-g together/,
    ],
    [['simulate', '--loss', 'gan', '--steps', '2.5'], /^ganflow: --steps must be an integer/],
    [['frobnicate'], /^ganflow: unknown command 'frobnicate'/],
    [[], /^ganflow: missing command; see ganflow --help$/],
    [['analyze', '--loss', 'gan', '--json=1'], /^ganflow: --json takes no value$/],
    [
      ['analyze', '--loss', 'gan', '--lr', 'Infinity'],
      /^ganflow: --lr: 'Infinity' is not a number$/,
    ],
    [['analyze', '--loss', 'gan', '--r1', '0x10'], /^ganflow: --r1: '0x10' is not a number$/],
    [['analyze', '--loss', 'gan', '--at', '1e400,0'], /^ganflow: --at must be a finite number/],
    [['analyze', '--loss', 'gan', 'extra'], /^ganflow: unexpected argument 'extra'$/],
    [['simulate', '--loss', 'gan', '--from', '1,2,3'], /^ganflow: --from takes THETA,PSI/],
    [['simulate', '--loss', 'gan', '--from', ','], /^ganflow: --from: '' is not a number$/],
    [['simulate', '--loss', 'gan', '--steps', '-1'], /^ganflow: --steps must lie in \[0, /],
    [['simulate', '--loss', 'gan', '--backend', 'tpu'], /^ganflow: --backend: unknown value/],
    [['bench', '--max', '0'], /^ganflow: --max must lie in \[1, /],
    [['bench', '--max', 'abc'], /^ganflow: --max: 'abc' is not a number$/],
    [['bench', '--steps'], /^ganflow: --steps needs a value$/],
    [['bench', '--quick', 'now'], /^ganflow: unexpected argument 'now'$/],
    [['help', 'map', 'contour'], /^ganflow: unknown subcommand 'contour'/],
  ];

  it('for each malformed command line', async () => {
    const runs = await Promise.all(cases.map(([args]) => ganflow(...args)));
    runs.forEach((run, k) => {
      expect(run.code, cases[k][0].join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd()).toMatch(cases[k][1]);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  });

  it('--help and help print the usage and exit 0', async () => {
    const [top, command] = await Promise.all([ganflow('--help'), ganflow('help', 'analyze')]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^usage: ganflow <command>/);
    expect(top.stdout).toMatch(/^ {2}simulate /m);
    expect(command.code).toBe(0);
    expect(command.stdout).toMatch(/^usage: ganflow analyze/);
    expect(command.stdout).toContain('paper-r1-critical-altgd5');
  });
});
