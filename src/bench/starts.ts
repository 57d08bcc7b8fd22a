// Start points of the benchmarked runs: uniform in a box, from a seeded generator, so the GPU,
// the tuned loop and the reference start every particle at the same (theta, psi).

/** The box (theta and psi both in [-2, 2]) the app spawns particles in by default. */
export const START_HALF_WIDTH = 2;

/** Interleaved (theta, psi) pairs, uniform in the start box. */
export function startPositions(particles: number, seed = 1): Float32Array<ArrayBuffer> {
  const positions = new Float32Array(2 * particles);
  let state = seed >>> 0;
  for (let i = 0; i < positions.length; i++) {
    // mulberry32: small, fast and good enough for start points.
    state = (state + 0x6d2b79f5) >>> 0;
    let bits = Math.imul(state ^ (state >>> 15), state | 1);
    bits ^= bits + Math.imul(bits ^ (bits >>> 7), bits | 61);
    const unit = ((bits ^ (bits >>> 14)) >>> 0) / 4294967296;
    positions[i] = START_HALF_WIDTH * (2 * unit - 1);
  }
  return positions;
}
