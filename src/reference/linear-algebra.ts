// Dense small-matrix helpers and eigenvalues: closed form for 2x2, ml-matrix beyond.
import { EigenvalueDecomposition } from 'ml-matrix';
import type { Complex, Mat2 } from './types.ts';

export function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
}

export function multiply(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((sum, aik, k) => sum + aik * b[k][j], 0)));
}

/** Eigenvalues sorted by real part, then imaginary part, both descending. */
export function eigenvalues(matrix: number[][]): Complex[] {
  const values = matrix.length === 2 ? eigenvalues2(matrix as Mat2) : eigenvaluesDense(matrix);
  return values.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
}

export function spectralRadius(values: Complex[]): number {
  return Math.max(...values.map(([re, im]) => Math.hypot(re, im)));
}

/** Roots of l^2 - tr l + det; the real pair avoids cancellation through det = l1 l2. */
function eigenvalues2([[a, b], [c, d]]: Mat2): Complex[] {
  const half = (a + d) / 2;
  const discriminant = ((a - d) / 2) ** 2 + b * c;
  if (discriminant < 0) {
    const im = Math.sqrt(-discriminant);
    return [
      [half, im],
      [half, -im],
    ];
  }
  const large = half + (half >= 0 ? 1 : -1) * Math.sqrt(discriminant);
  const small = large === 0 ? 0 : (a * d - b * c) / large;
  return [
    [large, 0],
    [small, 0],
  ];
}

function eigenvaluesDense(matrix: number[][]): Complex[] {
  const decomposition = new EigenvalueDecomposition(matrix);
  return decomposition.realEigenvalues.map((re, i) => [re, decomposition.imaginaryEigenvalues[i]]);
}
