// Every WGSL source the browser app needs, bundled by vite as text.
import basin from '../../shaders/basin.wgsl?raw';
import fieldBindings from '../../shaders/field-bindings.wgsl?raw';
import field from '../../shaders/field.wgsl?raw';
import integrate from '../../shaders/integrate.wgsl?raw';
import optimizers from '../../shaders/optimizers.wgsl?raw';
import particleOrigins from '../../shaders/particle-origins.wgsl?raw';
import fullscreen from '../../shaders/render/fullscreen.wgsl?raw';
import trailFade from '../../shaders/render/trail-fade.wgsl?raw';
import trailPresent from '../../shaders/render/trail-present.wgsl?raw';
import trailSegments from '../../shaders/render/trail-segments.wgsl?raw';
import stability from '../../shaders/stability.wgsl?raw';
import { type ShaderLibrary } from '../gpu/shader-library.ts';

export const SIMULATION_SHADERS: ShaderLibrary = {
  field,
  fieldBindings,
  optimizers,
  integrate,
  basin,
  stability,
};

/** Tracks where each particle was last born (entry point trackOrigins). */
export const ORIGINS_SHADER: string = particleOrigins;

export interface RenderShaders {
  /** Fades the previous trail image into the next (entry points fullscreenVertex, fadeFragment). */
  fade: string;
  /** Draws one line per particle (segmentVertex, segmentFragment). */
  segments: string;
  /** Puts the trail image on the canvas (fullscreenVertex, presentFragment). */
  present: string;
}

export const RENDER_SHADERS: RenderShaders = {
  fade: `${fullscreen}\n${trailFade}`,
  segments: trailSegments,
  present: `${fullscreen}\n${trailPresent}`,
};
