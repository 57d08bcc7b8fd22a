// The settings and quadrature rule of field.wgsl, one for the whole dispatch: the particle
// integrator and the basin map bind them here.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> noiseNodes: array<vec2<f32>>;
