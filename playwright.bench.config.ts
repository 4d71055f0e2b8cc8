/**
 * `npm run bench` (scripts/bench.mjs): the timings of docs/bench.md, measured headlessly in
 * Chromium through the /bench/ page (benchmark worker) and the /engine/ page (figure reruns).
 * Its own build folder and port, so a developer's dist/, `npm test` or `npm run figures` are left
 * alone.
 */
import { defineConfig } from '@playwright/test';
import { executablePath, launchArgs } from './e2e/browser';

const PORT = 4397;
export const SITE = '.cache/bench-site';

export default defineConfig({
  testDir: 'e2e/bench',
  testMatch: '*.bench.ts',
  // one browser at a time: a benchmark shares the machine with nothing of its own
  workers: 1,
  fullyParallel: false,
  timeout: 0,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath,
      // SwiftShader's WebGPU adapter only when WebGPU is benchmarked; WASM and CPU do not care
      args: launchArgs({
        webgpu: (process.env.BENCH_BACKENDS ?? 'webgpu').split(',').includes('webgpu'),
      }),
    },
  },
  webServer: {
    command: `npm run data && astro build --outDir ${SITE} && node scripts/serve.mjs`,
    env: { PORT: String(PORT), SERVE_ROOT: SITE },
    url: `http://127.0.0.1:${PORT}/bench/`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
