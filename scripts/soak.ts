// Soak test of the particle integrator in Node through Dawn: a few methods in turn (one of them
// blowing up on purpose), a fresh simulation for each, frames submitted and awaited as the app
// does, positions read back every few frames. Every position must stay finite, and the process
// RSS and the count of live GPU buffers must stay flat.
//   npx tsx scripts/soak.ts --minutes 30 [--particles 262144] [--steps 4]
// Prints one line a minute and a summary; exits 1 if a check failed.
import { parseArgs } from 'node:util';
import { ParticleSimulation } from '../src/gpu/simulation.ts';
import { type Config, type Method, type Optimizer, defaultConfig } from '../src/model/config.ts';
import { createNodeDevice, loadShaderLibrary } from '../src/node/webgpu.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    particles: { type: 'string', default: String(1 << 18) },
    steps: { type: 'string', default: '4' },
  },
});
const minutes = Number(values.minutes);
const particles = Number(values.particles);
const stepsPerFrame = Number(values.steps);
for (const [name, value] of Object.entries({ minutes, particles, steps: stepsPerFrame })) {
  if (!(value > 0)) {
    process.stderr.write(`soak: --${name} must be a positive number\n`);
    process.exit(2);
  }
}

/** Each method runs this long on a simulation of its own. */
const ROUND_MS = 5_000;
/** Positions are read back every this many frames. */
const READ_EVERY_FRAMES = 10;
// Particles reborn after this many frames, as in the app.
const LIFETIME_FRAMES = 150;
/** After the first minute (allocator and pipeline caches warm), RSS may grow this much. */
const RSS_SLACK_BYTES = 32 * 2 ** 20;

function configWith(method: Partial<Method>, optimizer: Partial<Optimizer>): Config {
  const config = defaultConfig();
  Object.assign(config.method, method);
  Object.assign(config.optimizer, optimizer);
  return config;
}

const METHODS: [string, Config][] = [
  ['gan, RK4 flow', configWith({ loss: 'gan' }, { optimizer: 'flow' })],
  ['nsgan + r1 0.3, simgd', configWith({ loss: 'nsgan', r1: 0.3 }, { optimizer: 'simgd' })],
  ['wgan, altgd 5', configWith({ loss: 'wgan' }, { optimizer: 'altgd', dSteps: 5 })],
  ['lsgan, extragradient', configWith({ loss: 'lsgan' }, { optimizer: 'extragradient' })],
  ['gan + noise 0.7, momentum', configWith({ loss: 'gan', noise: 0.7 }, { optimizer: 'momentum' })],
  // Each generator step compounds 100 discriminator steps of (1 - 1e4): inf within a step.
  [
    'nsgan + r1 1e3, altgd 100 at lr 10 (blows up)',
    configWith({ loss: 'nsgan', r1: 1000 }, { optimizer: 'altgd', lrG: 10, lrD: 10, dSteps: 100 }),
  ],
];

const { device, adapterInfo } = await createNodeDevice();
const shaders = loadShaderLibrary();
const uncaptured: string[] = [];
device.addEventListener('uncapturederror', (event) => {
  uncaptured.push((event as GPUUncapturedErrorEvent).error.message);
});

// Live buffers: created through this device and not yet destroyed.
const live = new Set<GPUBuffer>();
const createBuffer = device.createBuffer.bind(device);
device.createBuffer = (descriptor) => {
  const buffer = createBuffer(descriptor);
  live.add(buffer);
  return buffer;
};
const destroyBuffer = GPUBuffer.prototype.destroy;
GPUBuffer.prototype.destroy = function (this: GPUBuffer) {
  live.delete(this);
  destroyBuffer.call(this);
};

interface Minute {
  minute: number;
  rss: number;
  liveBuffers: number;
  particleSteps: number;
  seconds: number;
}

const MiB = 2 ** 20;
const started = performance.now();
const end = started + minutes * 60_000;
const report: Minute[] = [];
let nonFinite = 0;
let reads = 0;
let respawns = 0;
let rounds = 0;
let particleSteps = 0;
let minuteStart = started;
let minuteSteps = 0;

process.stdout.write(
  `soak: ${minutes} min, ${particles.toLocaleString('en-US')} particles, ` +
    `${stepsPerFrame} steps/frame, adapter ${adapterInfo.vendor} ${adapterInfo.architecture}\n`,
);

function closeMinute(now: number): void {
  const entry: Minute = {
    minute: report.length + 1,
    rss: process.memoryUsage().rss,
    liveBuffers: live.size,
    particleSteps: minuteSteps,
    seconds: (now - minuteStart) / 1000,
  };
  report.push(entry);
  process.stdout.write(
    `minute ${entry.minute}: ${(entry.particleSteps / entry.seconds / 1e6).toFixed(1)} M ` +
      `particle-steps/s, RSS ${(entry.rss / MiB).toFixed(1)} MiB ` +
      `(JS heap ${(process.memoryUsage().heapUsed / MiB).toFixed(1)}), ` +
      `${entry.liveBuffers} live buffers, ${rounds} rounds, ${reads} read-backs, ` +
      `${nonFinite} non-finite, ${respawns.toLocaleString('en-US')} blow-ups respawned\n`,
  );
  minuteStart = now;
  minuteSteps = 0;
}

while (performance.now() < end) {
  const [, config] = METHODS[rounds % METHODS.length]!;
  const simulation = ParticleSimulation.create(device, shaders, { particles, seed: rounds + 1 });
  simulation.setConfig(config);
  simulation.setMaxAge(stepsPerFrame * LIFETIME_FRAMES);
  simulation.reset();
  const roundEnd = Math.min(end, performance.now() + ROUND_MS);
  for (let frame = 1; performance.now() < roundEnd; frame++) {
    const encoder = device.createCommandEncoder();
    simulation.encodeFrame(encoder, stepsPerFrame);
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    particleSteps += particles * stepsPerFrame;
    minuteSteps += particles * stepsPerFrame;
    if (frame % READ_EVERY_FRAMES === 0) {
      const positions = await simulation.readPositions();
      reads++;
      for (const value of positions) if (!Number.isFinite(value)) nonFinite++;
    }
    const now = performance.now();
    if (now - minuteStart >= 60_000) closeMinute(now);
  }
  respawns += await simulation.readRespawnCount();
  rounds++;
  // The last, partial minute is measured like the others: with a simulation alive.
  const now = performance.now();
  if (now >= end && now - minuteStart > 1_000) closeMinute(now);
  simulation.destroy();
}

// Flat: compared with the end of the first minute, once caches are warm.
const baseline = report[0]!;
const last = report.at(-1)!;
const rssGrowth = last.rss - baseline.rss;
const rssFlat = rssGrowth <= Math.max(RSS_SLACK_BYTES, 0.1 * baseline.rss);
// Every simulation destroyed: nothing may be left.
const buffersFlat = last.liveBuffers <= baseline.liveBuffers && live.size === 0;
const passed = nonFinite === 0 && rssFlat && buffersFlat && uncaptured.length === 0;
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  [
    `summary: ${passed ? 'PASS' : 'FAIL'} after ${(seconds / 60).toFixed(1)} min, ` +
      `${rounds} rounds ` +
      `of ${METHODS.length} methods, ${(particleSteps / 1e9).toFixed(2)} G particle-steps ` +
      `(${(particleSteps / seconds / 1e6).toFixed(1)} M/s)`,
    `  positions: ${reads} read-backs, ${nonFinite} non-finite values, ` +
      `${respawns.toLocaleString('en-US')} blow-ups respawned`,
    `  RSS: ${(baseline.rss / MiB).toFixed(1)} MiB after minute 1, ` +
      `${(last.rss / MiB).toFixed(1)} at the end (${rssGrowth >= 0 ? '+' : ''}` +
      `${(rssGrowth / MiB).toFixed(1)} MiB: ${rssFlat ? 'flat' : 'GROWING'})`,
    `  live GPU buffers: ${baseline.liveBuffers} after minute 1, ${last.liveBuffers} at the end ` +
      `(${live.size} now, ${buffersFlat ? 'flat' : 'GROWING'})`,
    `  uncaptured GPU errors: ${uncaptured.length}` +
      (uncaptured.length ? ` (${uncaptured[0]})` : ''),
  ].join('\n') + '\n',
);
device.destroy();
process.exit(passed ? 0 : 1);
