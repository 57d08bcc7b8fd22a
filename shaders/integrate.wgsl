// One particle = one training run at (theta, psi). Each invocation advances its particle by
// `frame.steps` optimiser steps and respawns it when it ages out, leaves the view or blows up.
// Appended to field.wgsl, field-bindings.wgsl and optimizers.wgsl, whose `params` and
// `optimizerStep` it uses.

struct Counters {
  // Steps taken since the last reset: with the particle index and the seed, it picks respawns.
  clock: u32,
  nonFiniteRespawns: atomic<u32>,
}

struct Frame {
  steps: u32,
}

@group(0) @binding(2) var<storage, read_write> positions: array<vec2<f32>>;
// What the optimiser carries from the previous iterate: x_prev for momentum, v(x_prev) for
// optimistic GD; NaN when there is no previous iterate yet (fresh particle).
@group(0) @binding(3) var<storage, read_write> memory: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read_write> trailStarts: array<vec2<f32>>;
@group(0) @binding(5) var<storage, read_write> counters: Counters;
@group(1) @binding(0) var<uniform> frame: Frame;

// Pipeline-overridable (src/gpu/specialization.ts): false switches a respawn rule off for every
// run of the pipeline, true leaves it to params.respawnFlags and params.maxAge.
override RESPAWN_OUTSIDE: bool;
override RESPAWN_NON_FINITE: bool;
override AGEING: bool;

// Bits of params.respawnFlags.
const OUTSIDE_FLAG = 1u;
const NON_FINITE_FLAG = 2u;
const WORKGROUP_SIZE = 256u;

// PCG hash (Jarzynski and Olano 2020): one well-mixed 32-bit word per input word.
fn pcgHash(input: u32) -> u32 {
  let state = input * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

fn unitFloat(bits: u32) -> f32 {
  return f32(bits >> 8u) / 16777216.0;
}

// Where particle `index` is born after clock step `step`: uniform in the spawn box, the same
// for every panel with the same seed.
fn spawnPoint(index: u32, step: u32) -> vec2<f32> {
  let first = pcgHash(index ^ pcgHash(step ^ pcgHash(params.seed)));
  let second = pcgHash(first);
  let box = params.spawnBox;
  return vec2<f32>(mix(box.x, box.y, unitFloat(first)), mix(box.z, box.w, unitFloat(second)));
}

fn insideLiveBox(x: vec2<f32>) -> bool {
  let box = params.liveBox;
  return x.x >= box.x && x.x <= box.y && x.y >= box.z && x.y <= box.w;
}

fn particleIndex(id: vec3<u32>, workgroups: vec3<u32>) -> u32 {
  return id.x + id.y * workgroups.x * WORKGROUP_SIZE;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn integrate(
  @builtin(global_invocation_id) id: vec3<u32>,
  @builtin(num_workgroups) workgroups: vec3<u32>,
) {
  let index = particleIndex(id, workgroups);
  if (index >= params.particles) {
    return;
  }

  // The memory buffer is read and written only by the optimisers that use it.
  let carried = carriesMemory();
  var particle = RunState(positions[index], noMemory(QUIET_NAN));
  if (carried) {
    particle.memory = memory[index];
  }
  var start = particle.x;
  let clock = counters.clock;
  let checkOutside = RESPAWN_OUTSIDE && (params.respawnFlags & OUTSIDE_FLAG) != 0u;
  let checkFinite = RESPAWN_NON_FINITE && (params.respawnFlags & NON_FINITE_FLAG) != 0u;
  // Each particle ages out every maxAge steps, at clock steps k with (k + phase) % maxAge == 0:
  // its own phase spreads rebirths evenly in time. Counted down here, one division a frame.
  let ageing = AGEING && params.maxAge > 0u;
  var untilAged = 0u;
  if (ageing) {
    let phase = pcgHash(index ^ pcgHash(~params.seed));
    untilAged = params.maxAge - (clock + phase) % params.maxAge;
  }
  for (var i = 0u; i < frame.steps; i++) {
    particle = optimizerStep(particle);

    let step = clock + i + 1u;
    untilAged -= 1u;
    let aged = ageing && untilAged == 0u;
    if (aged) {
      untilAged = params.maxAge;
    }
    let nonFinite = checkFinite && !isFinite(particle.x);
    let outside = checkOutside && !insideLiveBox(particle.x);
    if (nonFinite || outside || aged) {
      if (nonFinite) {
        atomicAdd(&counters.nonFiniteRespawns, 1u);
      }
      particle = RunState(spawnPoint(index, step), noMemory(QUIET_NAN));
      start = particle.x;
    }
  }

  positions[index] = particle.x;
  if (carried) {
    memory[index] = particle.memory;
  }
  trailStarts[index] = start;
}

// Run once after `integrate`, in the same pass: the next frame draws from fresh steps.
@compute @workgroup_size(1)
fn advanceClock() {
  counters.clock += frame.steps;
}

// Re-seeds every particle uniformly in the spawn box (step 0 of the clock).
@compute @workgroup_size(WORKGROUP_SIZE)
fn spawnAll(
  @builtin(global_invocation_id) id: vec3<u32>,
  @builtin(num_workgroups) workgroups: vec3<u32>,
) {
  let index = particleIndex(id, workgroups);
  if (index >= params.particles) {
    return;
  }
  let x = spawnPoint(index, 0u);
  positions[index] = x;
  memory[index] = noMemory(QUIET_NAN);
  trailStarts[index] = x;
}

// Drops every particle's optimiser memory: after placing particles or switching optimisers.
@compute @workgroup_size(WORKGROUP_SIZE)
fn forgetMemory(
  @builtin(global_invocation_id) id: vec3<u32>,
  @builtin(num_workgroups) workgroups: vec3<u32>,
) {
  let index = particleIndex(id, workgroups);
  if (index >= params.particles) {
    return;
  }
  memory[index] = noMemory(QUIET_NAN);
}
