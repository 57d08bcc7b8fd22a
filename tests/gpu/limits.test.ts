// How many particles the device limits allow, and the limits the Node device gets.
import { describe, expect, it } from 'vitest';
import { maxParticles } from '../../src/gpu/limits.ts';
import { testDevice } from './harness.ts';

const MiB = 2 ** 20;

function limits(binding: number, buffer: number, workgroups: number): GPUSupportedLimits {
  const values = {
    maxStorageBufferBindingSize: binding,
    maxBufferSize: buffer,
    maxComputeWorkgroupsPerDimension: workgroups,
  };
  return values as unknown as GPUSupportedLimits;
}

describe('maxParticles', () => {
  it('fits the largest attribute, a vec2<f32> of 8 bytes, in one binding and one buffer', () => {
    // lavapipe: 128 MiB bindings, 4 GiB buffers.
    expect(maxParticles(limits(128 * MiB, 4096 * MiB - 1, 65_535))).toBe(16 * MiB);
    // SwiftShader in Chromium: 1 GiB of each.
    expect(maxParticles(limits(1024 * MiB, 1024 * MiB, 65_535))).toBe(128 * MiB);
    expect(maxParticles(limits(1024 * MiB, 256 * MiB, 65_535))).toBe(32 * MiB);
  });

  it('stays within a 2-D dispatch of 256-wide workgroups', () => {
    expect(maxParticles(limits(1024 * MiB, 1024 * MiB, 16))).toBe(16 * 16 * 256);
  });
});

describe('createNodeDevice', () => {
  it('requests the adapter limits above the WebGPU defaults', async () => {
    const device = await testDevice();
    // The WebGPU default maxBufferSize is 256 MiB; every adapter seen here offers more.
    expect(device.limits.maxBufferSize).toBeGreaterThan(256 * MiB);
    expect(device.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * MiB);
  });
});
