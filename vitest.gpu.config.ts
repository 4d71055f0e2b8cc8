/**
 * `npm run test:gpu`: the engine in Node on WebGPU through Dawn (the npm package `webgpu`),
 * checked against WASM without a browser. Started through scripts/gpu/vulkan.mjs, which finds a
 * Vulkan driver first; without one the tests skip and say how to get one.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/gpu/**/*.gpu.ts'],
    // Dawn's native module in a child process of its own, not in a worker thread
    pool: 'forks',
    globalSetup: ['tests/build-wasm.setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
