// Copies the previous trail image; the pipeline's blend constant scales it by the fade factor.
@group(0) @binding(0) var previousTrails: texture_2d<f32>;

// One level of an 8-bit channel: with 8 bits, round(fade * v) == v for small v, so a plain
// product would leave faint trails on screen forever.
const ONE_LEVEL = 1.0 / 255.0;

@fragment
fn fadeFragment(@builtin(position) pixel: vec4<f32>) -> @location(0) vec4<f32> {
  return max(textureLoad(previousTrails, vec2<i32>(pixel.xy), 0) - ONE_LEVEL, vec4<f32>(0.0));
}
