// WebGPU in Node through Dawn (the `webgpu` package), and the WGSL sources read from disk.
import { readFileSync } from 'node:fs';
import { create, globals } from 'webgpu';
import { requiredLimits } from '../gpu/limits.ts';
import { SHADER_FILES, type ShaderLibrary } from '../gpu/shader-library.ts';

// The object returned by create() owns the Dawn instance: if it were garbage-collected while a
// device lives, the process would crash. It stays here for the life of the process.
let gpu: GPU | undefined;

export interface NodeDevice {
  device: GPUDevice;
  adapterInfo: GPUAdapterInfo;
}

/** A device with the adapter's full storage and dispatch limits; software adapters welcome. */
export async function createNodeDevice(): Promise<NodeDevice> {
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  if (!gpu) {
    Object.assign(globalThis, globals);
    gpu = create([]);
  }

  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    throw new Error(
      'no WebGPU adapter: Dawn found no Vulkan driver (install Mesa >= 25 lavapipe, see ' +
        'scripts/install-system-deps.sh)',
    );
  }
  const device = await adapter.requestDevice({ requiredLimits: requiredLimits(adapter) });
  return { device, adapterInfo: adapter.info };
}

const shaderDirectory = new URL('../../shaders/', import.meta.url);

export function loadShaderLibrary(): ShaderLibrary {
  const entries = Object.entries(SHADER_FILES).map(([key, name]) => [
    key,
    readFileSync(new URL(name, shaderDirectory), 'utf8'),
  ]);
  return Object.fromEntries(entries) as ShaderLibrary;
}
