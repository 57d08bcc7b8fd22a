// Small helpers of the map kernels: 2-D dispatch grids and buffer read-back.

/**
 * Workgroups covering `invocations` in 2-D: as few rows as the per-dimension limit allows, the
 * columns shared out evenly among them. Fewer than `rows` workgroups fall past the end (a full
 * first row would leave up to a row of them idle: at 16M particles, half the dispatch).
 */
export function workgroupGrid(
  device: GPUDevice,
  invocations: number,
  workgroupSize: number,
): [number, number] {
  const total = Math.max(1, Math.ceil(invocations / workgroupSize));
  const rows = Math.ceil(total / device.limits.maxComputeWorkgroupsPerDimension);
  return [Math.ceil(total / rows), rows];
}

/** A copy of `size` bytes of the buffer from `offset`, once the queue reaches this point. */
export async function readBuffer(
  device: GPUDevice,
  source: GPUBuffer,
  offset = 0,
  size = source.size - offset,
): Promise<ArrayBuffer> {
  const staging = device.createBuffer({
    label: `read ${source.label}`,
    size,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = device.createCommandEncoder({ label: `read ${source.label}` });
  encoder.copyBufferToBuffer(source, offset, staging, 0, size);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const copy = staging.getMappedRange().slice(0);
  staging.destroy();
  return copy;
}

export function storageBuffer(
  device: GPUDevice,
  label: string,
  size: number,
  extraUsage: GPUBufferUsageFlags = 0,
): GPUBuffer {
  return device.createBuffer({
    label,
    size,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extraUsage,
  });
}

export function uniformBuffer(device: GPUDevice, label: string, size: number): GPUBuffer {
  return device.createBuffer({
    label,
    size,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
}
