// The benchmark itself: every case at every size on the GPU (fused and one step per
// dispatch), in the tuned CPU loop and, at the small sizes, in the f64 reference; plus one
// agreement check per case. Returns the report; writing it out is the caller's business.
import { ParticleSimulation } from '../gpu/simulation.ts';
import type { ShaderLibrary } from '../gpu/shader-library.ts';
import { type BenchCase, benchCases } from './cases.ts';
import {
  maxAbsDifference,
  referenceLoop,
  timeReferenceLoop,
  timeTunedLoop,
  tunedFinals,
} from './cpu-timing.ts';
import { type AdapterSummary, machineInfo } from './environment.ts';
import { count, si } from './format.ts';
import {
  BYTES_PER_PARTICLE,
  BYTES_READ_PER_PARTICLE,
  BYTES_WRITTEN_PER_PARTICLE,
  DISPATCH_MODES,
  checked,
  encodeSteps,
  placeParticles,
  timeGpu,
} from './gpu-timing.ts';
import type { Progress } from './progress.ts';
import type { Agreement, BenchReport, CaseKey, CpuResult, GpuResult } from './report.ts';
import { type BenchPlan, MIN_GPU_STEPS, chooseSteps, repetitionsFor } from './schedule.ts';
import { startPositions } from './starts.ts';
import { rates, summarize } from './stats.ts';

export interface BenchTarget {
  device: GPUDevice;
  shaders: ShaderLibrary;
  adapter: AdapterSummary;
}

/** Particles of the one-step calibration run that sizes a CPU loop's first measurement. */
const PROBE_PARTICLES = { tuned: 4_096, reference: 64 };
const REFERENCE_REPETITIONS = 3;

/** Particle-steps/s of a case's GPU modes at the last size measured. */
interface GpuRates {
  fused: number;
  perStep: number;
}

export async function runBenchmark(
  target: BenchTarget,
  plan: BenchPlan,
  progress: Progress,
): Promise<BenchReport> {
  const report: BenchReport = {
    generated: new Date().toISOString(),
    machine: machineInfo(),
    adapter: target.adapter,
    plan,
    bytesPerParticle: {
      read: BYTES_READ_PER_PARTICLE,
      written: BYTES_WRITTEN_PER_PARTICLE,
      total: BYTES_PER_PARTICLE,
    },
    gpu: [],
    tuned: [],
    reference: [],
    agreement: [],
    skipped: [],
  };
  const cases = benchCases();

  for (const benchCase of cases) {
    progress.update(`agreement check · ${benchCase.label}`);
    report.agreement.push(await checkAgreement(target.device, target.shaders, plan, benchCase));
  }

  // Particle-steps/s last measured per case: the estimate that sizes the next, larger run.
  const gpuRates = new Map<BenchCase, GpuRates>();
  const tunedRates = new Map<BenchCase, number>();
  const referenceRates = new Map<BenchCase, number>();
  const total = plan.particleCounts.length * cases.length;
  let done = 0;

  for (const particles of plan.particleCounts) {
    const starts = startPositions(particles);
    const simulation = await createSimulation(target, particles);
    for (const benchCase of cases) {
      const where = `${++done}/${total} · ${count(particles)} particles · ${benchCase.label}`;
      const key = caseKey(benchCase);

      if (typeof simulation === 'string') {
        report.skipped.push({ ...key, particles, what: 'gpu', reason: simulation });
      } else {
        progress.update(`${where} · GPU`);
        const results = await measureGpu(
          target.device,
          simulation,
          plan,
          benchCase,
          starts,
          gpuRates,
        );
        if (typeof results === 'string') {
          report.skipped.push({ ...key, particles, what: 'gpu', reason: results });
        } else {
          report.gpu.push(...results);
        }
      }

      progress.update(`${where} · CPU tuned loop`);
      const tuned = measureCpu(plan, benchCase, starts, 'tuned', tunedRates);
      if (typeof tuned === 'string') {
        report.skipped.push({ ...key, particles, what: 'tuned', reason: tuned });
      } else {
        report.tuned.push(tuned);
      }

      if (plan.referenceCounts.includes(particles)) {
        progress.update(`${where} · CPU f64 reference`);
        const reference = measureCpu(plan, benchCase, starts, 'reference', referenceRates);
        if (typeof reference === 'string') {
          report.skipped.push({ ...key, particles, what: 'reference', reason: reference });
        } else {
          report.reference.push(reference);
        }
      }
      progress.finished(`${where} · ${summaryLine(report, benchCase, particles)}`);
    }
    if (typeof simulation !== 'string') simulation.destroy();
  }
  return report;
}

function caseKey({ kernel, field, label }: BenchCase): CaseKey {
  return { kernel, field, label };
}

/** The simulation for `particles`, or why the device could not hold it. */
async function createSimulation(
  { device, shaders }: BenchTarget,
  particles: number,
): Promise<ParticleSimulation | string> {
  device.pushErrorScope('out-of-memory');
  const simulation = await checked(device, async () =>
    ParticleSimulation.create(device, shaders, { particles }),
  );
  const outOfMemory = await device.popErrorScope();
  if (outOfMemory) {
    simulation.destroy();
    return `the device could not hold ${count(particles)} particles: ${outOfMemory.message}`;
  }
  if (simulation.particles !== particles) {
    simulation.destroy();
    return `the device limits allow ${count(simulation.particles)} particles`;
  }
  return simulation;
}

function tooLong(plan: BenchPlan, steps: number): string {
  return (
    `${steps} step${steps > 1 ? 's' : ''} would take over ${plan.maxSeconds} s per repetition ` +
    '(estimated from the previous size; --full runs it)'
  );
}

async function measureGpu(
  device: GPUDevice,
  simulation: ParticleSimulation,
  plan: BenchPlan,
  benchCase: BenchCase,
  starts: Float32Array<ArrayBuffer>,
  estimates: Map<BenchCase, GpuRates>,
): Promise<GpuResult[] | string> {
  const { particles } = simulation;
  const { config } = benchCase;
  let estimate = estimates.get(benchCase);
  if (estimate === undefined && plan.fixedSteps === null) {
    // First size: one short one-step-per-dispatch run (the slower mode) calibrates both.
    const probe = await timeGpu(
      device,
      simulation,
      config,
      starts,
      MIN_GPU_STEPS,
      'per-step',
      1,
      1,
    );
    const rate = (particles * MIN_GPU_STEPS) / probe.seconds[0];
    estimate = { fused: rate, perStep: rate };
  }
  // One repetition in each mode: both share the step count. No estimate means fixed steps.
  const secondsPerStep = estimate ? particles / estimate.fused + particles / estimate.perStep : 0;
  const steps = chooseSteps(plan, plan.gpuTargetSeconds, secondsPerStep, MIN_GPU_STEPS);
  if (steps === null) return tooLong(plan, MIN_GPU_STEPS);

  const repetitions = repetitionsFor(particles);
  const results: GpuResult[] = [];
  for (const mode of DISPATCH_MODES) {
    const run = await timeGpu(
      device,
      simulation,
      config,
      starts,
      steps,
      mode,
      plan.warmups,
      repetitions,
    );
    const bytes = BYTES_PER_PARTICLE * particles * run.dispatches;
    results.push({
      ...caseKey(benchCase),
      mode,
      particles,
      steps,
      dispatches: run.dispatches,
      seconds: run.seconds,
      rate: summarize(rates(particles, steps, run.seconds)),
      bandwidth: summarize(run.seconds.map((s) => bytes / s)),
    });
  }
  const [fused, perStep] = results.map((result) => result.rate.median);
  estimates.set(benchCase, { fused, perStep });
  return results;
}

function measureCpu(
  plan: BenchPlan,
  benchCase: BenchCase,
  starts: Float32Array,
  loop: 'tuned' | 'reference',
  estimates: Map<BenchCase, number>,
): CpuResult | string {
  const particles = starts.length / 2;
  const { config } = benchCase;
  const time = loop === 'tuned' ? timeTunedLoop : timeReferenceLoop;
  let estimate = estimates.get(benchCase);
  if (estimate === undefined && plan.fixedSteps === null) {
    const probe = starts.subarray(0, 2 * Math.min(particles, PROBE_PARTICLES[loop]));
    estimate = probe.length / 2 / time(config, probe, 1, 1)[0];
  }
  // No estimate means fixed steps.
  const secondsPerStep = estimate ? particles / estimate : 0;
  const steps = chooseSteps(plan, plan.cpuTargetSeconds, secondsPerStep, 1);
  if (steps === null) return tooLong(plan, 1);

  const repetitions = loop === 'tuned' ? repetitionsFor(particles) : REFERENCE_REPETITIONS;
  const seconds = time(config, starts, steps, repetitions);
  const rate = summarize(rates(particles, steps, seconds));
  estimates.set(benchCase, rate.median);
  return { ...caseKey(benchCase), loop, particles, steps, seconds, rate };
}

/** The tuned loop, the GPU and the f64 reference from the same starts, the same steps. */
async function checkAgreement(
  device: GPUDevice,
  shaders: ShaderLibrary,
  plan: BenchPlan,
  benchCase: BenchCase,
): Promise<Agreement> {
  const particles = plan.agreementParticles;
  const steps = plan.agreementSteps;
  const { config } = benchCase;
  const starts = startPositions(particles, 2);
  const reference = referenceLoop(config, starts, steps);

  const gpu = await checked(device, async () => {
    const simulation = ParticleSimulation.create(device, shaders, { particles });
    await placeParticles(device, simulation, config, starts);
    device.queue.submit([encodeSteps(device, simulation, steps, 'fused')]);
    const finals = await simulation.readPositions();
    simulation.destroy();
    return finals;
  });

  return {
    ...caseKey(benchCase),
    particles,
    steps,
    tunedVsReference: maxAbsDifference(tunedFinals(config, starts, steps), reference),
    gpuVsReference: maxAbsDifference(gpu, reference),
  };
}

function summaryLine(report: BenchReport, benchCase: BenchCase, particles: number): string {
  const pick = <T extends { kernel: string; field: string; particles: number }>(list: T[]) =>
    list.filter(
      (r) =>
        r.kernel === benchCase.kernel && r.field === benchCase.field && r.particles === particles,
    );
  const parts = [
    ...pick(report.gpu).map((r) => `GPU ${r.mode} ${si(r.rate.median)}/s`),
    ...pick(report.tuned).map((r) => `CPU ${si(r.rate.median)}/s`),
    ...pick(report.reference).map((r) => `f64 ${si(r.rate.median)}/s`),
  ];
  return parts.length > 0 ? parts.join(', ') : 'skipped';
}
