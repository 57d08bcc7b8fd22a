// The particle count for a slow adapter: the largest power of two whose frame stays interactive,
// judged from frames measured at the present count. Applied only while the user has not chosen
// a count; it only ever lowers, so that it cannot swing back and forth.

/** About 20 frames per second: the slowest frame that still reads as an animation. */
export const TARGET_FRAME_MS = 50;

/** Fewer particles than this leave the field too sparsely drawn to read. */
export const MIN_BUDGET_PARTICLES = 16_384;

export interface BudgetInput {
  /** Particles of all panels together while the frames were measured. */
  current: number;
  /** Submit-to-completion time of each frame at `current`, warm-up frames left out. */
  frameTimesMs: readonly number[];
  /** The count asked for (the default, or the user's choice): never exceeded. */
  ceiling: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The count to simulate: `current` (capped at `ceiling`) while its median frame holds
 * TARGET_FRAME_MS; otherwise the largest power of two whose frame, scaled in proportion to the
 * particles from the median, does, but not below MIN_BUDGET_PARTICLES and never above
 * `current`. Part of a frame (fading, presenting) does not shrink with the particles, so the
 * first cut may fall short: measure again at the new count and apply again.
 */
export function recommendParticles({ current, frameTimesMs, ceiling }: BudgetInput): number {
  const upper = Math.min(current, ceiling);
  const frames = frameTimesMs.filter((ms) => Number.isFinite(ms) && ms > 0);
  if (frames.length === 0) return upper;
  const frameMs = median(frames);
  if (frameMs <= TARGET_FRAME_MS) return upper;
  const affordable = (current * TARGET_FRAME_MS) / frameMs;
  const powerOfTwo = 2 ** Math.floor(Math.log2(Math.max(1, affordable)));
  return Math.min(upper, Math.max(MIN_BUDGET_PARTICLES, powerOfTwo));
}

/** What the page says after lowering the count. */
export function loweredNotice(particles: number): string {
  const framesPerSecond = Math.round(1000 / TARGET_FRAME_MS);
  return (
    `particle count lowered to ${particles.toLocaleString('en-US')} ` +
    `to keep about ${framesPerSecond} frames/s`
  );
}
