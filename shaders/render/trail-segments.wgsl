// Each particle draws the line it travelled this frame, coloured by its speed, its direction,
// its distance to the equilibrium or the point it started from.
struct TrailUniforms {
  // (theta, psi) to clip space.
  view: mat3x3<f32>,
  // Steps this frame times the step size of each coordinate: displacement / this = velocity.
  stepScale: vec2<f32>,
  // Clip-space size of one device pixel.
  pixelSize: vec2<f32>,
  // Speed that lands mid-way along the colour map.
  speedHalf: f32,
  // Coverage of one segment: lower lets dense regions build up brightness gradually.
  opacity: f32,
  // One of the COLOR_BY_* constants.
  colorBy: u32,
  // Distance to the equilibrium that lands mid-way along the colour map.
  distanceHalf: f32,
  equilibrium: vec2<f32>,
  // Starting points are coloured by their offset from originCenter in units of originHalf.
  originCenter: vec2<f32>,
  originHalf: vec2<f32>,
}

@group(0) @binding(0) var<uniform> trail: TrailUniforms;
@group(0) @binding(1) var<storage, read> trailStarts: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read> positions: array<vec2<f32>>;
@group(0) @binding(3) var colormap: texture_2d<f32>;
@group(0) @binding(4) var colormapSampler: sampler;
// Where each particle was last born; read only when colouring by starting point.
@group(0) @binding(5) var<storage, read> origins: array<vec2<f32>>;

// Indices into COLOR_MODES of src/app/settings.ts.
const COLOR_BY_SPEED = 0u;
const COLOR_BY_DIRECTION = 1u;
const COLOR_BY_DISTANCE = 2u;
const COLOR_BY_START = 3u;

const TAU = 6.283185307179586;

struct SegmentVertex {
  @builtin(position) position: vec4<f32>,
  // Premultiplied colour, the same along the whole segment.
  @location(0) @interpolate(flat) color: vec4<f32>,
}

// value / (value + half) maps [0, inf) onto [0, 1) without a hard ceiling.
fn colormapColor(value: f32, half: f32) -> vec3<f32> {
  let coordinate = value / (value + half);
  let texels = f32(textureDimensions(colormap).x);
  let u = (coordinate * (texels - 1.0) + 0.5) / texels;
  return textureSampleLevel(colormap, colormapSampler, vec2<f32>(u, 0.5), 0.0).rgb;
}

// HSV with the hue in turns.
fn hueColor(hue: f32, saturation: f32, value: f32) -> vec3<f32> {
  let k = fract(vec3<f32>(5.0, 3.0, 1.0) / 6.0 + hue) * 6.0;
  return value - value * saturation * clamp(min(k, 4.0 - k), vec3<f32>(0.0), vec3<f32>(1.0));
}

// The angle of `offset` as a hue: the colour wheel of the plane.
fn angleHue(offset: vec2<f32>) -> f32 {
  return atan2(offset.y, offset.x) / TAU + 0.5;
}

fn segmentColor(particle: u32, start: vec2<f32>, end: vec2<f32>) -> vec3<f32> {
  let velocity = (end - start) / trail.stepScale;
  switch trail.colorBy {
    case COLOR_BY_DIRECTION: {
      // A particle at rest has no direction: grey.
      let moving = length(velocity) > 0.0;
      return select(vec3<f32>(0.6), hueColor(angleHue(velocity), 0.75, 1.0), moving);
    }
    case COLOR_BY_DISTANCE: {
      return colormapColor(length(end - trail.equilibrium), trail.distanceHalf);
    }
    case COLOR_BY_START: {
      // Hue from the direction of the start from the view's centre, white at the centre.
      let offset = (origins[particle] - trail.originCenter) / trail.originHalf;
      return hueColor(angleHue(offset), 0.2 + 0.8 * min(length(offset), 1.0), 1.0);
    }
    default: {
      return colormapColor(length(velocity), trail.speedHalf);
    }
  }
}

@vertex
fn segmentVertex(@builtin(vertex_index) vertexIndex: u32) -> SegmentVertex {
  let particle = vertexIndex / 2u;
  let start = trailStarts[particle];
  let end = positions[particle];

  let clipStart = (trail.view * vec3<f32>(start, 1.0)).xy;
  var clipEnd = (trail.view * vec3<f32>(end, 1.0)).xy;
  // A line shorter than a pixel may rasterise to nothing: stretch it to one pixel.
  let pixels = (clipEnd - clipStart) / trail.pixelSize;
  let pixelLength = length(pixels);
  if (pixelLength < 1.0) {
    let direction = select(vec2<f32>(1.0, 0.0), pixels / pixelLength, pixelLength > 1e-6);
    clipEnd = clipStart + direction * trail.pixelSize;
  }

  var out: SegmentVertex;
  out.position = vec4<f32>(select(clipStart, clipEnd, (vertexIndex & 1u) == 1u), 0.0, 1.0);
  // Coloured per vertex, not per fragment: software rasterisers pay for every fragment.
  out.color = vec4<f32>(segmentColor(particle, start, end) * trail.opacity, trail.opacity);
  return out;
}

@fragment
fn segmentFragment(vertex: SegmentVertex) -> @location(0) vec4<f32> {
  return vertex.color;
}
