// The Dirac-GAN vector field v(theta, psi) and its Jacobian, for every loss and regulariser.
// Sign convention: v = (-d/dtheta of the generator's loss, +d/dpsi of the discriminator's
// objective), D(x) = psi * x scores fake-ness, data at 0, generator at theta.

// Settings of one panel, packed by src/gpu/uniforms.ts (same order, same names).
struct Params {
  loss: u32,
  optimizer: u32,
  // Alternating GD: 0 = discriminator first, 1 = generator first.
  order: u32,
  dSteps: u32,
  // Gauss-Hermite nodes in use; 0 = no instance noise.
  noiseNodeCount: u32,
  seed: u32,
  // Bit 0: respawn outside the respawn box; bit 1: respawn non-finite particles.
  respawnFlags: u32,
  particles: u32,
  clip: f32,
  lsA: f32,
  lsB: f32,
  lsC: f32,
  mse: f32,
  r1: f32,
  r2: f32,
  gp: f32,
  gpTarget: f32,
  noise: f32,
  consensus: f32,
  dt: f32,
  lrG: f32,
  lrD: f32,
  beta: f32,
  // Steps between rebirths of a particle; 0 = particles never age out.
  maxAge: u32,
  // (thetaMin, thetaMax, psiMin, psiMax): where particles are born, and where they may live.
  spawnBox: vec4<f32>,
  liveBox: vec4<f32>,
}

// The functions below read `params` (a Params) and `noiseNodes` (the standard-normal
// Gauss-Hermite rule as (node z, weight w): E[h(e)] = sum w h(noise * z)). The module that
// includes this file declares both: field-bindings.wgsl binds them once per dispatch, the
// stability map keeps `params` per invocation.

// Pipeline-overridable constants, set by src/gpu/specialization.ts: a pipeline built for one
// setting compiles only its branches. LOSS is an index below and NOISE_NODES the quadrature
// nodes in use (0: no noise), either of them FROM_PARAMS to read `params` at run time.
// CONSENSUS false means off for every run of the pipeline, true leaves it to `params`.
override LOSS: u32;
override NOISE_NODES: u32;
override CONSENSUS: bool;

const FROM_PARAMS = 0xffffffffu;

// Indices into LOSSES of src/model/config.ts.
const LOSS_GAN = 0u;
const LOSS_NSGAN = 1u;
const LOSS_WGAN = 2u;
const LOSS_LSGAN = 3u;
const LOSS_HINGE = 4u;

// First and second derivatives of the per-sample losses: generator loss g and discriminator
// objective F at t = psi * X (fake sample), discriminator objective R at s = psi * Y (real).
struct LossDerivatives {
  generator: vec2<f32>,
  fake: vec2<f32>,
  real: vec2<f32>,
}

// sigmoid(-t) = f'(t) for f(t) = -log(1 + e^-t); exp of a non-positive number only, so no
// overflow for any finite t.
fn sigmoidNeg(t: f32) -> f32 {
  let e = exp(-abs(t));
  return select(1.0 / (1.0 + e), e / (1.0 + e), t > 0.0);
}

// f'(t) and f''(t) = -sigmoid(t) sigmoid(-t).
fn logSigmoidDerivatives(t: f32) -> vec2<f32> {
  let negative = sigmoidNeg(t);
  return vec2<f32>(negative, -negative * (1.0 - negative));
}

// g = F = f, R(s) = f(-s).
fn ganLoss(t: f32, s: f32) -> LossDerivatives {
  let fake = logSigmoidDerivatives(t);
  let real = logSigmoidDerivatives(-s);
  return LossDerivatives(fake, fake, vec2<f32>(-real.x, real.y));
}

// Non-saturating: g(t) = -f(-t); F, R as gan.
fn nsganLoss(t: f32, s: f32) -> LossDerivatives {
  let mirrored = logSigmoidDerivatives(-t);
  let base = ganLoss(t, s);
  return LossDerivatives(vec2<f32>(mirrored.x, -mirrored.y), base.fake, base.real);
}

// g = t, F = t, R = -t.
fn wganLoss() -> LossDerivatives {
  return LossDerivatives(vec2<f32>(1.0, 0.0), vec2<f32>(1.0, 0.0), vec2<f32>(-1.0, 0.0));
}

// g = (t + c)^2 / 2, F = -(t + a)^2 / 2, R = -(s + b)^2 / 2.
fn lsganLoss(t: f32, s: f32) -> LossDerivatives {
  return LossDerivatives(
    vec2<f32>(t + params.lsC, 1.0),
    vec2<f32>(-(t + params.lsA), -1.0),
    vec2<f32>(-(s + params.lsB), -1.0),
  );
}

// g = t, F = -max(0, 1 - t), R = -max(0, 1 + s); second derivatives vanish almost everywhere.
fn hingeLoss(t: f32, s: f32) -> LossDerivatives {
  return LossDerivatives(
    vec2<f32>(1.0, 0.0),
    vec2<f32>(select(0.0, 1.0, t < 1.0), 0.0),
    vec2<f32>(select(0.0, -1.0, s > -1.0), 0.0),
  );
}

fn lossIndex() -> u32 {
  if (LOSS == FROM_PARAMS) {
    return params.loss;
  }
  return LOSS;
}

fn lossDerivatives(t: f32, s: f32) -> LossDerivatives {
  switch lossIndex() {
    case LOSS_NSGAN: {
      return nsganLoss(t, s);
    }
    case LOSS_WGAN: {
      return wganLoss();
    }
    case LOSS_LSGAN: {
      return lsganLoss(t, s);
    }
    case LOSS_HINGE: {
      return hingeLoss(t, s);
    }
    case LOSS_GAN, default: {
      return ganLoss(t, s);
    }
  }
}

// v and its Jacobian J = dv/dx, stored by columns: dTheta = dv/dtheta, dPsi = dv/dpsi.
struct FieldJacobian {
  v: vec2<f32>,
  dTheta: vec2<f32>,
  dPsi: vec2<f32>,
}

// One noise sample's share of the loss field at X = theta + e (fake), Y = e (real), where
// v = (-E[psi g'(psi X)], E[X F'(psi X)] + E[Y R'(psi Y)]), and of its Jacobian.
fn sampleField(x: vec2<f32>, e: f32) -> FieldJacobian {
  let psi = x.y;
  let fake = x.x + e;
  let d = lossDerivatives(psi * fake, psi * e);
  return FieldJacobian(
    vec2<f32>(-psi * d.generator.x, fake * d.fake.x + e * d.real.x),
    vec2<f32>(-psi * psi * d.generator.y, d.fake.x + psi * fake * d.fake.y),
    vec2<f32>(
      -(d.generator.x + psi * fake * d.generator.y),
      fake * fake * d.fake.y + e * e * d.real.y,
    ),
  );
}

// Node i's term of the Gauss-Hermite expectation, added to `sum`.
fn addNode(sum: FieldJacobian, x: vec2<f32>, i: u32) -> FieldJacobian {
  let node = noiseNodes[i];
  let sample = sampleField(x, params.noise * node.x);
  return FieldJacobian(
    sum.v + node.y * sample.v,
    sum.dTheta + node.y * sample.dTheta,
    sum.dPsi + node.y * sample.dPsi,
  );
}

// Field of the loss alone: without noise one sample, else the Gauss-Hermite expectation. The
// loop bound is NOISE_NODES itself: bounded by a variable, even one folded to the same
// constant, the loop ran 2-3x slower on lavapipe.
fn lossField(x: vec2<f32>) -> FieldJacobian {
  if (NOISE_NODES == FROM_PARAMS) {
    return lossFieldFromParams(x);
  }
  if (NOISE_NODES == 0u) {
    return sampleField(x, 0.0);
  }
  var sum = FieldJacobian(vec2<f32>(0.0), vec2<f32>(0.0), vec2<f32>(0.0));
  for (var i = 0u; i < NOISE_NODES; i++) {
    sum = addNode(sum, x, i);
  }
  return sum;
}

// lossField of the general pipeline: the node count read at run time.
fn lossFieldFromParams(x: vec2<f32>) -> FieldJacobian {
  if (params.noiseNodeCount == 0u) {
    return sampleField(x, 0.0);
  }
  var sum = FieldJacobian(vec2<f32>(0.0), vec2<f32>(0.0), vec2<f32>(0.0));
  for (var i = 0u; i < params.noiseNodeCount; i++) {
    sum = addNode(sum, x, i);
  }
  return sum;
}

// Loss field plus the penalties: MSE lambda theta^2 on the generator, R1/R2 and WGAN-GP on
// the discriminator.
fn regularizedField(x: vec2<f32>) -> FieldJacobian {
  var result = lossField(x);
  let psi = x.y;
  let psiPenalty = params.r1 + params.r2;
  result.v -= vec2<f32>(
    2.0 * params.mse * x.x,
    psiPenalty * psi + params.gp * (abs(psi) - params.gpTarget) * sign(psi),
  );
  result.dTheta.x -= 2.0 * params.mse;
  // Both branches of (|psi| - g0) sign(psi) have slope 1.
  result.dPsi.y -= psiPenalty + params.gp;
  return result;
}

// The field every optimiser follows: consensus, v - gamma J^T v, applies to the sum of the rest.
fn field(x: vec2<f32>) -> vec2<f32> {
  // Two calls, so that the compiler drops the Jacobian where consensus is off.
  if (!CONSENSUS || params.consensus == 0.0) {
    return regularizedField(x).v;
  }
  let rest = regularizedField(x);
  let gradient = vec2<f32>(dot(rest.dTheta, rest.v), dot(rest.dPsi, rest.v));
  return rest.v - params.consensus * gradient;
}
