// WebGPU start-up: adapter, device and the routes by which every later failure reaches the page.
import { requiredLimits } from '../gpu/limits.ts';

/** WebGPU cannot run here at all; the message says what is missing. */
export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
}

export interface GpuFailureHandlers {
  /** A validation, out-of-memory or internal error that no error scope caught. */
  onError(message: string): void;
  /** The device went away without the app asking for it. */
  onLost(message: string): void;
}

export interface GpuContext {
  adapter: GPUAdapter;
  device: GPUDevice;
  /** Destroys the device on purpose: no loss is reported. */
  release(): void;
}

/**
 * `optionalFeatures` are requested where the adapter has them (the benchmark page asks for
 * 'timestamp-query'); `device.features` says which were granted.
 */
export async function startGpu(
  handlers: GpuFailureHandlers,
  optionalFeatures: readonly GPUFeatureName[] = [],
): Promise<GpuContext> {
  if (!('gpu' in navigator) || !navigator.gpu) {
    throw new WebGpuUnavailableError(
      window.isSecureContext
        ? 'This browser does not offer WebGPU (navigator.gpu is missing).'
        : 'WebGPU needs a secure context: open the page over https or from localhost.',
    );
  }

  // A fallback (software) adapter is slow but correct, so it is welcome.
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) {
    throw new WebGpuUnavailableError(
      'The browser offers WebGPU but found no usable GPU adapter (it may be switched off).',
    );
  }

  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredLimits: requiredLimits(adapter),
      requiredFeatures: optionalFeatures.filter((feature) => adapter.features.has(feature)),
    });
  } catch (error) {
    throw new WebGpuUnavailableError(`The GPU adapter refused a device: ${messageOf(error)}`);
  }

  let released = false;
  device.addEventListener('uncapturederror', (event) => {
    // Shown in the page instead of the console.
    event.preventDefault();
    const error = (event as GPUUncapturedErrorEvent).error;
    handlers.onError(`WebGPU ${error.constructor.name}: ${error.message}`);
  });
  void device.lost.then((info) => {
    if (!released) handlers.onLost(info.message || `reason: ${info.reason}`);
  });

  return {
    adapter,
    device,
    release() {
      released = true;
      device.destroy();
    },
  };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
