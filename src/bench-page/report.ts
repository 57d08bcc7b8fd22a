// Everything one run of the benchmark page found, as the JSON its Copy button gives.
import { TARGET_FRAME_MS } from '../app/particle-budget.ts';
import { type TimingMethod } from './frame-timer.ts';
import { type SweepPlan } from './options.ts';
import { type CountResult, type SkippedCount } from './sweep.ts';

export interface AdapterFacts {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** As the adapter reports it; null where the browser does not say. */
  isFallbackAdapter: boolean | null;
}

export interface BenchPageReport {
  date: string;
  userAgent: string;
  adapter: AdapterFacts;
  timing: {
    method: TimingMethod;
    description: string;
    /** Readback buffers the timestamp pool made over the whole run; null on the CPU clock. */
    readbackBuffers: number | null;
  };
  /** The frame measured: the app's defaults on one panel of this size. */
  frame: {
    canvas: { width: number; height: number };
    config: string;
    stepsPerFrame: number;
    fade: number;
    colorBy: string;
  };
  plan: SweepPlan;
  results: CountResult[];
  skipped: SkippedCount[];
  /** The most particles measured whose median frame (CPU clock) held TARGET_FRAME_MS. */
  interactiveParticles: number | null;
}

export function adapterFacts(info: GPUAdapterInfo): AdapterFacts {
  // isFallbackAdapter moved from GPUAdapter to GPUAdapterInfo; older browsers lack it.
  const fallback = (info as { isFallbackAdapter?: unknown }).isFallbackAdapter;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: typeof fallback === 'boolean' ? fallback : null,
  };
}

/** What the page says about the timing method in use. */
export function timingDescription(method: TimingMethod, offered: boolean): string {
  if (method === 'timestamps') {
    return (
      'GPU timestamps (timestamp-query) written at the start and end of the compute pass and ' +
      'of the render passes. Browsers may round them (Chrome: to 0.1 ms) for privacy.'
    );
  }
  const why = offered ? 'asked for with ?timing=cpu' : 'this adapter offers no timestamp-query';
  return (
    `CPU clock (${why}): compute and render are submitted separately, each timed from its ` +
    'encoding to onSubmittedWorkDone, which adds the notification round trip to both.'
  );
}

export function interactiveParticles(results: readonly CountResult[]): number | null {
  const held = results.filter((result) => result.frameMs.median <= TARGET_FRAME_MS);
  return held.length > 0 ? Math.max(...held.map((result) => result.particles)) : null;
}
