// `ganflow map` as a user runs it (node bin/ganflow.mjs): each output format, checked against
// the f64 reference, and the one-line errors.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { PREDICTION_COLOURS } from '../../src/maps/colour.ts';
import { PREDICTION } from '../../src/maps/prediction.ts';
import { firstArrival } from '../../src/reference/basin.ts';
import { eigenvalues, spectralRadius } from '../../src/reference/linear-algebra.ts';
import { updateJacobian } from '../../src/reference/update-jacobian.ts';
import { configWith } from '../reference/configs.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'ganflow-map-'));

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

/** Dawn's own start-up notices on stderr are not ganflow's. */
function ganflowErrors(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('ganflow:'));
}

describe('ganflow map', () => {
  it('stability to CSV: each pixel is the spectral radius of the f64 update Jacobian', async () => {
    const file = join(out, 'stability.csv');
    const run = await ganflow(
      ...['map', 'stability', '--loss', 'gan', '--optimizer', 'simgd', '--axes', 'lr,r1'],
      ...['--range', '0,2,0.05,0.9', '--size', '16,12', '--out', file],
    );
    expect(ganflowErrors(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('16 x 12 stability map');
    expect(run.stdout).toContain(`wrote ${file}`);

    const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
    expect(header).toBe('lr,r1,rho');
    expect(lines).toHaveLength(16 * 12);
    for (const line of lines) {
      const [lr, r1, rho] = line.split(',').map(Number);
      const config = configWith({ r1: Math.fround(r1) }, { optimizer: 'simgd' });
      Object.assign(config.optimizer, { lrG: Math.fround(lr), lrD: Math.fround(lr) });
      const update = updateJacobian(config, [0, 0]);
      const reference = 'matrix' in update ? spectralRadius(eigenvalues(update.matrix)) : NaN;
      // Complex eigenvalues here: rho = sqrt(det(I + hJ)), a handful of f32 roundings of
      // numbers below 3; the CSV keeps 9 digits.
      expect(Math.abs(rho - reference), line).toBeLessThan(1e-6);
    }
  });

  it('basin to float32 with its JSON header, and --timing', async () => {
    const file = join(out, 'basin.f32');
    const run = await ganflow(
      ...['map', 'basin', '--loss', 'gan', '--mse', '1', '--optimizer', 'simgd', '--lr', '0.3'],
      ...['--size', '24,16', '--view', '-1,2,-0.5,1.5', '--steps', '200', '--epsilon', '0.01'],
      ...['--out', file, '--timing'],
    );
    expect(ganflowErrors(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/384 starts x up to 200 steps in [\d.]+ s: [\d.]+ [kMG]? ?starts/);

    const header = JSON.parse(readFileSync(join(out, 'basin.json'), 'utf8'));
    expect(header).toMatchObject({
      data: 'basin.f32',
      kind: 'basin',
      width: 24,
      height: 16,
      horizontal: { name: 'theta', min: -1, max: 2 },
      vertical: { name: 'psi', min: -0.5, max: 1.5 },
      steps: 200,
      epsilon: 0.01,
      bound: 1000,
    });
    expect(statSync(file).size).toBe(24 * 16 * 4);
    const values = new Float32Array(Uint8Array.from(readFileSync(file)).buffer);
    const config = configWith({ mse: 1 }, { optimizer: 'simgd', lrG: 0.3, lrD: 0.3 });
    // Pixel centres of the first and last rows and columns, as in the header's layout.
    for (const [column, row] of [
      [0, 0],
      [23, 0],
      [0, 15],
      [23, 15],
      [12, 8],
    ]) {
      const start: [number, number] = [
        Math.fround(-1 + ((column + 0.5) * 3) / 24),
        Math.fround(1.5 - ((row + 0.5) * 2) / 16),
      ];
      const reference = firstArrival(config, start, { steps: 200, epsilon: 0.01, bound: 1000 });
      expect(reference.kind).toBe('converged');
      expect(values[row * 24 + column]).toBe((reference as { step: number }).step);
    }
  });

  it('prediction to PNG: a picture larger than the map, with its colours', async () => {
    const file = join(out, 'prediction.png');
    const run = await ganflow(
      ...['map', 'prediction', '--loss', 'gan', '--r1', '1', '--optimizer', 'simgd'],
      ...['--lr', '0.5', '--size', '40,40', '--radius', '1', '--out', file],
    );
    expect(ganflowErrors(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    // R1 gamma = 1: J has the double eigenvalue -1/2, and I + J/2 contracts by 3/4.
    const judged = Number(/: 0 of (\d+) starts within \|x\| <= 1 disagree/.exec(run.stdout)?.[1]);
    // The pixel centres within the unit disc: about pi / 16 of the 40 x 40 over [-2, 2]^2.
    expect(Math.abs(judged - (Math.PI / 16) * 1600)).toBeLessThan(20);

    const png = PNG.sync.read(readFileSync(file));
    expect(png.width).toBeGreaterThan(40);
    expect(png.height).toBeGreaterThan(40);
    const agrees = PREDICTION_COLOURS[PREDICTION.agrees].join();
    let agreeing = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      if (png.data.subarray(i, i + 3).join() === agrees) agreeing++;
    }
    // The judged pixels, and the legend's swatch.
    expect(agreeing).toBeGreaterThanOrEqual(judged);
  });

  it('refuses bad command lines with one line and exit 2', async () => {
    const cases: [string[], string][] = [
      [['map'], 'map needs a kind'],
      [['map', 'contour', '--loss', 'gan'], "unknown subcommand 'contour'"],
      [['map', 'basin', '--loss', 'gan', '--out', 'x.txt'], 'must end in .png, .f32 or .csv'],
      [['map', 'basin', '--loss', 'gan'], 'missing --out'],
      [['map', 'stability', '--loss', 'gan', '--axes', 'lr,foo', '--out', 'x.png'], "'foo'"],
      [['map', 'basin', '--loss', 'gan', '--size', '600,600', '--out', 'x.csv'], 'CSV is for'],
      [['map', 'basin', '--loss', 'gan', '--view', '1,-1,0,1', '--out', 'x.png'], 'T0 < T1'],
      [['map', 'basin', '--loss', 'gan', '--bound', '2', '--out', 'x.png'], '--bound 2'],
      [['map', 'stability', '--loss', 'wgan', '--gp', '1', '--out', 'x.png'], 'J at (0, 0)'],
      [['map', 'stability', '--loss', 'gan', '--axes', 'beta,lr', '--out', 'x.png'], 'beta'],
    ];
    const runs = await Promise.all(cases.map(([args]) => ganflow(...args)));
    runs.forEach((run, k) => {
      const [args, message] = cases[k];
      expect(run.code, args.join(' ')).toBe(2);
      const errors = ganflowErrors(run.stderr);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(message);
    });
  });

  it('prints the help of each kind', async () => {
    const run = await ganflow('help', 'map', 'stability');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: ganflow map stability');
    expect(run.stdout).toContain('--axes A,B');
  });
});
