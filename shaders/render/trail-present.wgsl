// Puts the trail image (premultiplied colour) on the canvas as it is: the canvas is composited
// premultiplied over what lies beneath it (the page's background, or a heat map).
@group(0) @binding(0) var trails: texture_2d<f32>;

@fragment
fn presentFragment(@builtin(position) pixel: vec4<f32>) -> @location(0) vec4<f32> {
  return textureLoad(trails, vec2<i32>(pixel.xy), 0);
}
