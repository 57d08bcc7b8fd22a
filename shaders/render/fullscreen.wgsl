// One triangle that covers the whole target; fragments address texels by their pixel position.
@vertex
fn fullscreenVertex(@builtin(vertex_index) vertexIndex: u32) -> @builtin(position) vec4<f32> {
  let corner = vec2<f32>(f32((vertexIndex << 1u) & 2u), f32(vertexIndex & 2u));
  return vec4<f32>(corner * 2.0 - 1.0, 0.0, 1.0);
}
