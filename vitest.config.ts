import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/build-wasm.setup.ts'],
    testTimeout: 120_000,
  },
});
