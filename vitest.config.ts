import { defineConfig } from 'vitest/config';

// Dawn is a native addon and the CI machine has 2 cores: one forked worker, files in series,
// generous timeouts for software rendering.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    env: { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
  },
});
