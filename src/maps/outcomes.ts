// What a basin-map pixel records, as the GPU writes it (shaders/basin.wgsl) and as exports
// and pictures read it.

/** Flag bit of a run whose iterate became non-finite or left the bound; the step is below it. */
export const DIVERGED = 0x80000000;
/** A run that neither arrived nor diverged (within K steps, once the map is done). */
export const RUNNING = 0xffffffff;

export type BasinOutcome =
  { kind: 'converged'; step: number } | { kind: 'diverged'; step: number } | { kind: 'running' };

export function decodeOutcome(code: number): BasinOutcome {
  if (code === RUNNING) return { kind: 'running' };
  if (code >= DIVERGED) return { kind: 'diverged', step: code - DIVERGED };
  return { kind: 'converged', step: code };
}

/**
 * The outcome as one number, for raw exports: the arrival step k >= 0, minus the step of
 * divergence, NaN for a run that did neither within K steps.
 */
export function outcomeValue(code: number): number {
  const outcome = decodeOutcome(code);
  switch (outcome.kind) {
    case 'converged':
      return outcome.step;
    case 'diverged':
      return -outcome.step;
    case 'running':
      return NaN;
  }
}
