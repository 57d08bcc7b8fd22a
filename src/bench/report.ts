// The benchmark's results as one plain object: written as JSON, rendered as tables and a plot.
import type { MapThroughput } from '../gpu/map-runs.ts';
import type { BenchField, BenchKernel } from './cases.ts';
import type { AdapterSummary, MachineInfo } from './environment.ts';
import type { DispatchMode } from './gpu-timing.ts';
import type { BenchPlan } from './schedule.ts';
import type { Summary } from './stats.ts';

export interface CaseKey {
  kernel: BenchKernel;
  field: BenchField;
  label: string;
}

interface Timed extends CaseKey {
  particles: number;
  /** Optimiser steps per particle in each repetition. */
  steps: number;
  /** Wall-clock seconds of each timed repetition. */
  seconds: number[];
  /** Particle-steps per second over the repetitions. */
  rate: Summary;
}

export interface GpuResult extends Timed {
  mode: DispatchMode;
  /** Dispatches per repetition, all in one submission. */
  dispatches: number;
  /** Bytes per second: BYTES_PER_PARTICLE x particles x dispatches / seconds. */
  bandwidth: Summary;
}

export interface CpuResult extends Timed {
  loop: 'tuned' | 'reference';
}

export interface Agreement extends CaseKey {
  particles: number;
  steps: number;
  /** max |tuned - reference| over theta and psi of every particle. */
  tunedVsReference: number;
  /** max |GPU - reference|, the same runs on the adapter in f32. */
  gpuVsReference: number;
}

export interface Skip extends CaseKey {
  particles: number;
  what: 'gpu' | 'tuned' | 'reference';
  reason: string;
}

export interface BenchReport {
  generated: string;
  machine: MachineInfo;
  adapter: AdapterSummary;
  plan: BenchPlan;
  /** Per particle and dispatch, from the integrator's buffer layout. */
  bytesPerParticle: { read: number; written: number; total: number };
  gpu: GpuResult[];
  tuned: CpuResult[];
  reference: CpuResult[];
  agreement: Agreement[];
  skipped: Skip[];
  /** Basin-map throughput (simgd on gan + mse 1, every start taking every step). */
  maps?: MapThroughput;
}

/** Median GPU throughput over the tuned loop's at the same case and size. */
export function speedup(report: BenchReport, gpu: GpuResult): number | null {
  const cpu = report.tuned.find(
    (result) =>
      result.kernel === gpu.kernel &&
      result.field === gpu.field &&
      result.particles === gpu.particles,
  );
  return cpu ? gpu.rate.median / cpu.rate.median : null;
}
