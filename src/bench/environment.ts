// Where a benchmark ran: the machine and the WebGPU adapter, as the report records them.
import { cpus, release, totalmem, type as osType, loadavg } from 'node:os';

export interface MachineInfo {
  os: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  /** 1-minute load average when the run began: other work on the machine skews timings. */
  loadAverage: number;
}

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** As the adapter reports it; null where the implementation does not say. */
  isFallbackAdapter: boolean | null;
  /** A CPU rasteriser (lavapipe, llvmpipe, SwiftShader) or a reported fallback adapter. */
  software: boolean;
}

export function machineInfo(): MachineInfo {
  const processors = cpus();
  return {
    os: `${osType()} ${release()} ${process.arch}`,
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: loadavg()[0],
  };
}

const SOFTWARE_RASTERISERS = /lavapipe|llvmpipe|swiftshader/i;

export function adapterSummary(info: GPUAdapterInfo): AdapterSummary {
  // isFallbackAdapter moved from GPUAdapter to GPUAdapterInfo; older implementations lack it.
  const fallback = (info as { isFallbackAdapter?: unknown }).isFallbackAdapter;
  const isFallbackAdapter = typeof fallback === 'boolean' ? fallback : null;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter,
    software:
      isFallbackAdapter === true || SOFTWARE_RASTERISERS.test(`${info.description} ${info.device}`),
  };
}
