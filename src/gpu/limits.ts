// Device limits the particle integrator needs, and the particle count they allow.

/** Workgroup size of shaders/integrate.wgsl (WORKGROUP_SIZE there). */
export const WORKGROUP_SIZE = 256;

/** Bytes per particle of the largest per-particle buffer (a vec2<f32>). */
const LARGEST_ATTRIBUTE_BYTES = 8;

/** The most particles whose largest buffer fits one binding and one buffer, dispatched in 2-D. */
export function maxParticles(limits: GPUSupportedLimits): number {
  const bytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const workgroups = limits.maxComputeWorkgroupsPerDimension;
  return Math.min(
    Math.floor(bytes / LARGEST_ATTRIBUTE_BYTES),
    workgroups * workgroups * WORKGROUP_SIZE,
  );
}

/**
 * Limits to request for the device: everything the adapter offers for storage buffer sizes,
 * dispatch size and storage bindings (also in vertex shaders, which read positions), so the
 * particle count is bounded by the hardware, not by WebGPU's defaults.
 */
export function requiredLimits(adapter: GPUAdapter): Record<string, number> {
  const wanted = [
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxComputeWorkgroupsPerDimension',
    'maxComputeWorkgroupSizeX',
    'maxComputeInvocationsPerWorkgroup',
    'maxStorageBuffersPerShaderStage',
    'maxStorageBuffersInVertexStage',
  ];
  const limits: Record<string, number> = {};
  const offered = adapter.limits as unknown as Record<string, number | undefined>;
  for (const name of wanted) {
    const value = offered[name];
    if (name in adapter.limits && typeof value === 'number') limits[name] = value;
  }
  return limits;
}
