// Basin map: every pixel starts one training run at (theta, psi) = (thetas[column], psis[row])
// and records the first step at which |x| < epsilon (x within epsilon of the equilibrium), or
// that the run blew up. Runs advance in chunks (a range of steps for a range of pixels) with
// their state kept here in between, so no single dispatch runs long. Appended to field.wgsl,
// field-bindings.wgsl and optimizers.wgsl.

struct BasinMap {
  width: u32,
  height: u32,
  epsilon: f32,
  // |x| above this (or a non-finite x) counts as diverged.
  bound: f32,
}

struct Chunk {
  // Steps every pixel of the chunk has taken; the chunk takes `steps` more.
  firstStep: u32,
  steps: u32,
  firstPixel: u32,
  pixels: u32,
}

// Outcome of a pixel: the step k at which |x_k| < epsilon first held, DIVERGED | k when x_k was
// the first non-finite or out-of-bound iterate, RUNNING while neither has happened.
const DIVERGED = 0x80000000u;
const RUNNING = 0xffffffffu;
const WORKGROUP_SIZE = 256u;

@group(1) @binding(0) var<uniform> basin: BasinMap;
@group(1) @binding(1) var<uniform> chunk: Chunk;
// Start coordinates of the columns (theta) and of the rows (psi, row 0 at the top).
@group(1) @binding(2) var<storage, read> thetas: array<f32>;
@group(1) @binding(3) var<storage, read> psis: array<f32>;
// Each run's (x, memory) between chunks.
@group(1) @binding(4) var<storage, read_write> states: array<vec4<f32>>;
@group(1) @binding(5) var<storage, read_write> outcomes: array<u32>;
// Pixels of the chunk still running when it ends.
@group(1) @binding(6) var<storage, read_write> running: atomic<u32>;

// DIVERGED | step, step itself, or RUNNING for the iterate x_step.
fn judge(x: vec2<f32>, step: u32) -> u32 {
  let distance = length(x);
  if (!isFinite(x) || distance > basin.bound) {
    return DIVERGED | step;
  }
  return select(RUNNING, step, distance < basin.epsilon);
}

fn chunkPixel(id: vec3<u32>, workgroups: vec3<u32>) -> u32 {
  return id.x + id.y * workgroups.x * WORKGROUP_SIZE;
}

// Places every pixel of the chunk at its start, with no optimiser memory, and judges step 0.
@compute @workgroup_size(WORKGROUP_SIZE)
fn startRuns(
  @builtin(global_invocation_id) id: vec3<u32>,
  @builtin(num_workgroups) workgroups: vec3<u32>,
) {
  let local = chunkPixel(id, workgroups);
  if (local >= chunk.pixels) {
    return;
  }
  let pixel = chunk.firstPixel + local;
  let x = vec2<f32>(thetas[pixel % basin.width], psis[pixel / basin.width]);
  states[pixel] = vec4<f32>(x, noMemory(QUIET_NAN));
  outcomes[pixel] = judge(x, 0u);
}

// `chunk.steps` more steps for every pixel of the chunk that is still running.
@compute @workgroup_size(WORKGROUP_SIZE)
fn advanceRuns(
  @builtin(global_invocation_id) id: vec3<u32>,
  @builtin(num_workgroups) workgroups: vec3<u32>,
) {
  let local = chunkPixel(id, workgroups);
  if (local >= chunk.pixels) {
    return;
  }
  let pixel = chunk.firstPixel + local;
  if (outcomes[pixel] != RUNNING) {
    return;
  }

  let stored = states[pixel];
  var state = RunState(stored.xy, stored.zw);
  var outcome = RUNNING;
  for (var i = 0u; i < chunk.steps; i++) {
    state = optimizerStep(state);
    outcome = judge(state.x, chunk.firstStep + i + 1u);
    if (outcome != RUNNING) {
      break;
    }
  }

  states[pixel] = vec4<f32>(state.x, state.memory);
  outcomes[pixel] = outcome;
  if (outcome == RUNNING) {
    atomicAdd(&running, 1u);
  }
}
