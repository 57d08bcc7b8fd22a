// The WGSL sources of the compute modules. The browser imports them with vite `?raw`, Node
// reads them from disk; the GPU code takes them as an argument either way.

export interface ShaderLibrary {
  /** shaders/field.wgsl: the Params struct, losses, the vector field and its Jacobian. */
  field: string;
  /** shaders/field-bindings.wgsl: `params` and `noiseNodes` bound once per dispatch. */
  fieldBindings: string;
  /** shaders/optimizers.wgsl: one optimiser step of a training run. */
  optimizers: string;
  /** shaders/integrate.wgsl: particles, respawn and the integrator's entry points. */
  integrate: string;
  /** shaders/basin.wgsl: the basin map's runs, one per pixel, advanced in chunks. */
  basin: string;
  /** shaders/stability.wgsl: the spectral radius of the update map per parameter pair. */
  stability: string;
}

/** File names under shaders/, by library entry. */
export const SHADER_FILES: Record<keyof ShaderLibrary, string> = {
  field: 'field.wgsl',
  fieldBindings: 'field-bindings.wgsl',
  optimizers: 'optimizers.wgsl',
  integrate: 'integrate.wgsl',
  basin: 'basin.wgsl',
  stability: 'stability.wgsl',
};

// WGSL has no imports: each module is its parts in a row (module-scope names may be used
// before they are declared).

export function integratorSource(shaders: ShaderLibrary): string {
  return [shaders.field, shaders.fieldBindings, shaders.optimizers, shaders.integrate].join('\n');
}

export function basinSource(shaders: ShaderLibrary): string {
  return [shaders.field, shaders.fieldBindings, shaders.optimizers, shaders.basin].join('\n');
}

/** Without field-bindings.wgsl: the stability map sets `params` per invocation. */
export function stabilitySource(shaders: ShaderLibrary): string {
  return [shaders.field, shaders.optimizers, shaders.stability].join('\n');
}
