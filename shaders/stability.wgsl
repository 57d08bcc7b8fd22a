// Stability diagram: every pixel sets two parameters of the Config (values[column] for the
// first, values[width + row] for the second), takes the analytic Jacobian J of field.wgsl at
// the equilibrium (0, 0), builds the Jacobian of one optimiser step there and writes its
// spectral radius rho (rho < 1: training converges from near the equilibrium). Appended to
// field.wgsl and optimizers.wgsl; `params` is private here, so each pixel has its own.

struct StabilityMap {
  width: u32,
  height: u32,
  // PARAMETER_* codes of the two axes.
  parameterA: u32,
  parameterB: u32,
  firstPixel: u32,
  pixels: u32,
}

// Indices into MAP_PARAMETERS of src/maps/parameters.ts. PARAMETER_LR sets lrG, lrD and dt.
const PARAMETER_LR = 0u;
const PARAMETER_LR_G = 1u;
const PARAMETER_LR_D = 2u;
const PARAMETER_BETA = 3u;
const PARAMETER_MSE = 4u;
const PARAMETER_R1 = 5u;
const PARAMETER_R2 = 6u;
const PARAMETER_NOISE = 7u;
const PARAMETER_CONSENSUS = 8u;
const WORKGROUP_SIZE = 256u;

var<private> params: Params;
@group(0) @binding(0) var<uniform> base: Params;
@group(0) @binding(1) var<storage, read> noiseNodes: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> diagram: StabilityMap;
@group(0) @binding(3) var<storage, read> values: array<f32>;
@group(0) @binding(4) var<storage, read_write> radii: array<f32>;

fn setParameter(parameter: u32, value: f32) {
  switch parameter {
    case PARAMETER_LR: {
      params.lrG = value;
      params.lrD = value;
      params.dt = value;
    }
    case PARAMETER_LR_G: {
      params.lrG = value;
    }
    case PARAMETER_LR_D: {
      params.lrD = value;
    }
    case PARAMETER_BETA: {
      params.beta = value;
    }
    case PARAMETER_MSE: {
      params.mse = value;
    }
    case PARAMETER_R1: {
      params.r1 = value;
    }
    case PARAMETER_R2: {
      params.r2 = value;
    }
    case PARAMETER_NOISE: {
      params.noise = value;
    }
    case PARAMETER_CONSENSUS, default: {
      params.consensus = value;
    }
  }
}

// J at (0, 0), consensus included: there v = 0, so d(J^T v)/dx = J^T J and J_c = J - gamma J^T J.
fn equilibriumJacobian() -> mat2x2<f32> {
  let at = regularizedField(vec2<f32>(0.0));
  let J = mat2x2<f32>(at.dTheta, at.dPsi);
  return J - params.consensus * (transpose(J) * J);
}

// Largest |root| of z^2 - p z + q for complex p and q (as vec2 = re, im).
fn quadraticRadius(p: vec2<f32>, q: vec2<f32>) -> f32 {
  let discriminant = complexMultiply(p, p) - 4.0 * q;
  let root = complexSqrt(discriminant);
  return 0.5 * max(length(p + root), length(p - root));
}

fn complexMultiply(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}

fn complexSqrt(z: vec2<f32>) -> vec2<f32> {
  let r = length(z);
  let im = sqrt(max(0.0, 0.5 * (r - z.x)));
  return vec2<f32>(sqrt(max(0.0, 0.5 * (r + z.x))), select(im, -im, z.y < 0.0));
}

// The spectral radius of a real 2x2 matrix: roots of l^2 - tr l + det.
fn radius2(m: mat2x2<f32>) -> f32 {
  let half = 0.5 * (m[0].x + m[1].y);
  let discriminant = 0.25 * (m[0].x - m[1].y) * (m[0].x - m[1].y) + m[1].x * m[0].y;
  if (discriminant < 0.0) {
    return sqrt(half * half - discriminant);
  }
  return abs(half) + sqrt(discriminant);
}

// The two eigenvalues of a real 2x2 matrix, as complex numbers.
fn eigenvalues2(m: mat2x2<f32>) -> array<vec2<f32>, 2> {
  let half = 0.5 * (m[0].x + m[1].y);
  let discriminant = 0.25 * (m[0].x - m[1].y) * (m[0].x - m[1].y) + m[1].x * m[0].y;
  let root = sqrt(abs(discriminant));
  if (discriminant < 0.0) {
    return array<vec2<f32>, 2>(vec2<f32>(half, root), vec2<f32>(half, -root));
  }
  return array<vec2<f32>, 2>(vec2<f32>(half + root, 0.0), vec2<f32>(half - root, 0.0));
}

fn power(m: mat2x2<f32>, exponent: u32) -> mat2x2<f32> {
  var result = mat2x2<f32>(1.0, 0.0, 0.0, 1.0);
  for (var k = 0u; k < exponent; k++) {
    result = result * m;
  }
  return result;
}

// The spectral radius of the update map's Jacobian at the equilibrium, with A = H J and
// H = diag(h_G, h_D). The clip is inactive at psi = 0.
fn updateRadius(J: mat2x2<f32>) -> f32 {
  let h = stepSizes();
  // H J scales the rows of J: column c of H J is h * (column c of J).
  let A = mat2x2<f32>(h * J[0], h * J[1]);
  let identity = mat2x2<f32>(1.0, 0.0, 0.0, 1.0);
  let optimizer = optimizerIndex();
  switch optimizer {
    // RK4: I + A + A^2/2 + A^3/6 + A^4/24.
    case OPTIMIZER_FLOW: {
      let A2 = A * A;
      return radius2(identity + A + 0.5 * A2 + (1.0 / 6.0) * (A2 * A) + (1.0 / 24.0) * (A2 * A2));
    }
    // x + H v(x + H v(x)): I + A + A^2.
    case OPTIMIZER_EXTRAGRADIENT: {
      return radius2(identity + A + A * A);
    }
    // One player at a time: the discriminator's step changes row psi, the generator's row
    // theta. G D^n (discriminator first) and D^n G share their eigenvalues: either order.
    case OPTIMIZER_ALTGD: {
      let discriminator = mat2x2<f32>(vec2<f32>(1.0, A[0].y), vec2<f32>(0.0, 1.0 + A[1].y));
      let generator = mat2x2<f32>(vec2<f32>(1.0 + A[0].x, 0.0), vec2<f32>(A[1].x, 1.0));
      return radius2(generator * power(discriminator, params.dSteps));
    }
    // The 4x4 Jacobians on (x, x_prev), [[P(A), Q(A)], [I, 0]], have blocks that are
    // polynomials in A, so they commute and det(z I - M) = det(z^2 I - z P(A) - Q(A)): each
    // eigenvalue a of A gives two eigenvalues z of the step, the roots of z^2 - P(a) z - Q(a).
    // Optimistic: P = I + 2A, Q = -A. Momentum: P = (1 + beta) I + A, Q = -beta I.
    case OPTIMIZER_OPTIMISTIC, OPTIMIZER_MOMENTUM: {
      let optimistic = optimizer == OPTIMIZER_OPTIMISTIC;
      let pairs = eigenvalues2(A);
      var radius = 0.0;
      for (var k = 0; k < 2; k++) {
        let a = pairs[k];
        let momentumP = vec2<f32>(1.0 + params.beta, 0.0) + a;
        let p = select(momentumP, vec2<f32>(1.0, 0.0) + 2.0 * a, optimistic);
        let q = select(vec2<f32>(params.beta, 0.0), a, optimistic);
        radius = max(radius, quadraticRadius(p, q));
      }
      return radius;
    }
    // Euler and simultaneous GD: I + A.
    case OPTIMIZER_EULER, OPTIMIZER_SIMGD, default: {
      return radius2(identity + A);
    }
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn spectralRadii(
  @builtin(global_invocation_id) id: vec3<u32>,
  @builtin(num_workgroups) workgroups: vec3<u32>,
) {
  let local = id.x + id.y * workgroups.x * WORKGROUP_SIZE;
  if (local >= diagram.pixels) {
    return;
  }
  let pixel = diagram.firstPixel + local;

  params = base;
  setParameter(diagram.parameterA, values[pixel % diagram.width]);
  setParameter(diagram.parameterB, values[diagram.width + pixel / diagram.width]);
  // The quadrature is needed as soon as there is noise, whatever the base setting was.
  params.noiseNodeCount = select(0u, arrayLength(&noiseNodes), params.noise > 0.0);

  radii[pixel] = updateRadius(equilibriumJacobian());
}
