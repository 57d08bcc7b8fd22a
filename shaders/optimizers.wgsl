// The training rules: one optimiser step of a run, for every optimiser of the Config, with the
// generator's learning rate on theta and the discriminator's on psi. Pure functions of the run
// state; they read `params` and `field` of field.wgsl. Shared by the particle integrator and
// the maps.

// Pipeline-overridable (src/gpu/specialization.ts), as in field.wgsl: OPTIMIZER is an index
// below or FROM_PARAMS; CLIP false means no clipping in any run of the pipeline.
override OPTIMIZER: u32;
override CLIP: bool;

// Indices into OPTIMIZERS of src/model/config.ts.
const OPTIMIZER_FLOW = 0u;
const OPTIMIZER_EULER = 1u;
const OPTIMIZER_SIMGD = 2u;
const OPTIMIZER_ALTGD = 3u;
const OPTIMIZER_EXTRAGRADIENT = 4u;
const OPTIMIZER_OPTIMISTIC = 5u;
const OPTIMIZER_MOMENTUM = 6u;

const QUIET_NAN = 0x7fc00000u;

// Exponent bits all set: infinite or NaN. A bit test, because WGSL may assume floats finite.
fn isFinite(x: vec2<f32>) -> bool {
  let exponents = bitcast<vec2<u32>>(x) & vec2<u32>(0x7f800000u);
  return all(exponents != vec2<u32>(0x7f800000u));
}

fn optimizerIndex() -> u32 {
  if (OPTIMIZER == FROM_PARAMS) {
    return params.optimizer;
  }
  return OPTIMIZER;
}

// Whether RunState.memory means anything: only these optimisers carry the previous iterate.
fn carriesMemory() -> bool {
  let optimizer = optimizerIndex();
  return optimizer == OPTIMIZER_OPTIMISTIC || optimizer == OPTIMIZER_MOMENTUM;
}

// The NaN comes through an argument: a NaN constant expression is an error in WGSL.
fn noMemory(nanBits: u32) -> vec2<f32> {
  return bitcast<vec2<f32>>(vec2<u32>(nanBits));
}

// (h_G, h_D); the flow integrators move both players with the step dt.
fn stepSizes() -> vec2<f32> {
  let optimizer = optimizerIndex();
  if (optimizer == OPTIMIZER_FLOW || optimizer == OPTIMIZER_EULER) {
    return vec2<f32>(params.dt);
  }
  return vec2<f32>(params.lrG, params.lrD);
}

// WGAN weight clipping |psi| <= c, after every update.
fn clip(x: vec2<f32>) -> vec2<f32> {
  if (CLIP && params.clip > 0.0) {
    return vec2<f32>(x.x, clamp(x.y, -params.clip, params.clip));
  }
  return x;
}

// x + H d, clipped.
fn advance(x: vec2<f32>, d: vec2<f32>, h: vec2<f32>) -> vec2<f32> {
  return clip(x + h * d);
}

// One training run: where it is, and what it carries from the previous iterate (x_prev for
// momentum, v(x_prev) for optimistic GD; NaN when there is no previous iterate yet).
struct RunState {
  x: vec2<f32>,
  memory: vec2<f32>,
}

// Optimisers that evaluate the field once per step. The memory is empty (NaN) when a run
// starts; the step is then plain SimGD.
fn singleStageStep(state: RunState) -> RunState {
  let x = state.x;
  let h = stepSizes();
  let v = field(x);
  let fresh = !isFinite(state.memory);
  switch optimizerIndex() {
    // x+ = x + 2 H v(x) - H v(x_prev), with v(x_prev) = v(x) when fresh.
    case OPTIMIZER_OPTIMISTIC: {
      let previous = select(state.memory, v, fresh);
      return RunState(advance(x, 2.0 * v - previous, h), v);
    }
    // x+ = x + H v(x) + beta (x - x_prev), with x_prev = x when fresh.
    case OPTIMIZER_MOMENTUM: {
      let previous = select(state.memory, x, fresh);
      return RunState(clip(x + h * v + params.beta * (x - previous)), x);
    }
    case OPTIMIZER_EULER, OPTIMIZER_SIMGD, default: {
      return RunState(advance(x, v, h), state.memory);
    }
  }
}

// Optimisers that evaluate the field several times per step, written as stages around one
// field evaluation so that the (large) field code is inlined once, not once per stage.
fn multiStageStep(state: RunState) -> RunState {
  let x = state.x;
  let h = stepSizes();
  let optimizer = optimizerIndex();
  var stages = 2u;
  if (optimizer == OPTIMIZER_FLOW) {
    stages = 4u;
  } else if (optimizer == OPTIMIZER_ALTGD) {
    stages = params.dSteps + 1u;
  }
  // Alternating GD: the stage that updates the generator; the others update the discriminator.
  let generatorStage = select(params.dSteps, 0u, params.order == 1u);

  var point = x;
  var sum = vec2<f32>(0.0);
  for (var stage = 0u; stage < stages; stage++) {
    let v = field(point);
    switch optimizer {
      // Classical RK4; every stage point is clipped like any other update.
      case OPTIMIZER_FLOW: {
        sum += select(2.0, 1.0, stage == 0u || stage == 3u) * v;
        point = advance(x, v, select(0.5, 1.0, stage == 2u) * h);
      }
      case OPTIMIZER_ALTGD: {
        let isGenerator = stage == generatorStage;
        point = advance(point, select(vec2<f32>(0.0, v.y), vec2<f32>(v.x, 0.0), isGenerator), h);
      }
      // The look-ahead x + H v(x), then x + H v(look-ahead).
      case OPTIMIZER_EXTRAGRADIENT, default: {
        point = advance(x, v, h);
      }
    }
  }
  if (optimizer == OPTIMIZER_FLOW) {
    point = advance(x, sum / 6.0, h);
  }
  return RunState(point, state.memory);
}

fn optimizerStep(state: RunState) -> RunState {
  switch optimizerIndex() {
    case OPTIMIZER_FLOW, OPTIMIZER_ALTGD, OPTIMIZER_EXTRAGRADIENT: {
      return multiStageStep(state);
    }
    default: {
      return singleStageStep(state);
    }
  }
}
