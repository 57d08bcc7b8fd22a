// Where each particle was last born, for colouring by starting point. A particle whose trail
// this frame does not begin where it stood when the frame began was reborn at its trail's start
// (integrate.wgsl writes the rebirth point, or else the frame's first position, to trailStarts).

@group(0) @binding(0) var<storage, read> frameStarts: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read> trailStarts: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> origins: array<vec2<f32>>;

const WORKGROUP_SIZE = 256u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn trackOrigins(
  @builtin(global_invocation_id) id: vec3<u32>,
  @builtin(num_workgroups) workgroups: vec3<u32>,
) {
  let index = id.x + id.y * workgroups.x * WORKGROUP_SIZE;
  if (index >= arrayLength(&origins)) {
    return;
  }
  // Bitwise, so that a NaN position (which never equals itself) is not taken for a rebirth.
  let moved = bitcast<vec2<u32>>(trailStarts[index]) != bitcast<vec2<u32>>(frameStarts[index]);
  if (any(moved)) {
    origins[index] = trailStarts[index];
  }
}
