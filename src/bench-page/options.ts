// What the benchmark page measures, read from its URL: the default sweep; ?quick=1 for a short
// one (the end-to-end test); ?max=N to stop at N particles; ?timing=cpu to time on the CPU even
// where the adapter has GPU timestamps.

export interface SweepPlan {
  /** Particles per frame, in the order measured. */
  counts: number[];
  /** Untimed frames at each count: pipelines, caches and trail images settle. */
  warmupFrames: number;
  /** Timed frames at each count, at least and at most. */
  minFrames: number;
  maxFrames: number;
  /** After minFrames, timed frames go on until this many milliseconds have passed. */
  budgetMs: number;
  /** A count whose frame is expected to take longer than this is skipped. */
  maxFrameMs: number;
}

export interface BenchOptions {
  quick: boolean;
  plan: SweepPlan;
  /** Time on the CPU (separate submissions) even where GPU timestamps exist. */
  cpuTiming: boolean;
}

/** Canvas of the benchmark, in device pixels: about the app's single panel at 1280 x 800. */
export const CANVAS_WIDTH = 1024;
export const CANVAS_HEIGHT = 640;

const FIRST_COUNT = 16_384;
const LAST_COUNT = 4_194_304;

function powersOfTwo(from: number, to: number): number[] {
  const counts: number[] = [];
  for (let count = from; count <= to; count *= 2) counts.push(count);
  return counts;
}

const DEFAULT_PLAN: SweepPlan = {
  counts: powersOfTwo(FIRST_COUNT, LAST_COUNT),
  warmupFrames: 3,
  minFrames: 5,
  maxFrames: 30,
  budgetMs: 4_000,
  maxFrameMs: 8_000,
};

const QUICK_PLAN: SweepPlan = {
  counts: [16_384, 65_536],
  warmupFrames: 2,
  minFrames: 4,
  maxFrames: 4,
  budgetMs: 0,
  // Both counts always run: on a loaded machine a prediction could otherwise skip one.
  maxFrameMs: Number.POSITIVE_INFINITY,
};

/** The options of `search` (location.search), and a line for each parameter not understood. */
export function benchOptions(search: string): { options: BenchOptions; problems: string[] } {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const quick = params.get('quick') === '1';
  const plan: SweepPlan = { ...(quick ? QUICK_PLAN : DEFAULT_PLAN) };

  const max = params.get('max');
  if (max !== null) {
    const value = Number(max);
    if (Number.isInteger(value) && value >= FIRST_COUNT) {
      plan.counts = plan.counts.filter((count) => count <= value);
    } else {
      problems.push(
        `max=${max} ignored: give a whole number of particles, at least ${FIRST_COUNT}.`,
      );
    }
  }

  const timing = params.get('timing');
  if (timing !== null && timing !== 'cpu' && timing !== 'gpu') {
    problems.push(`timing=${timing} ignored: give gpu (timestamps where offered) or cpu.`);
  }
  return { options: { quick, plan, cpuTiming: timing === 'cpu' }, problems };
}
