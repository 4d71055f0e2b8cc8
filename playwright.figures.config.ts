/**
 * `npm run figures`: regenerates the published data (content/figures/*.json) and networks
 * (public/networks/) headlessly through the same worker API the page uses. One test per figure, so
 * Playwright's --shard=i/n spreads the paper preset over machines (merge with --merge, see README).
 */
import { defineConfig } from '@playwright/test';
import { executablePath, launchArgs } from './e2e/browser';

// FIGURES_PORT lets two generators run side by side (one per core: WASM runs single-threaded)
const PORT = Number(process.env.FIGURES_PORT ?? 4398);
const SITE = `.cache/figures-site-${PORT}`;
process.env.FIGURES_SITE = SITE; // read by the generator, which writes new networks there too

export default defineConfig({
  testDir: 'e2e/figures',
  testMatch: '*.figures.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 0,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath,
      args: launchArgs({ webgpu: process.env.FIGURES_BACKEND === 'webgpu' }),
    },
  },
  webServer: {
    // its own build folder, so a developer's dist/ (or a parallel npm test) is left alone
    command: `npm run data && astro build --outDir ${SITE} && node scripts/serve.mjs`,
    env: { PORT: String(PORT), SERVE_ROOT: SITE },
    url: `http://127.0.0.1:${PORT}/engine/`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
