import { defineConfig } from '@playwright/test';
import { executablePath, launchArgs } from './e2e/browser';

/** A fixed port of its own, so a developer's `npm start` on 4321 does not collide. */
const PORT = Number(process.env.E2E_PORT ?? 4399);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'e2e',
  // Two cores: one browser at a time, and training tests set their own, longer timeouts.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    // The report's service worker would answer requests before the tests' routes see them
    // (Playwright's interception does not reach a service worker); e2e/offline.spec.ts allows it.
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'webgpu',
      use: { launchOptions: { executablePath, args: launchArgs({ webgpu: true }) } },
    },
    {
      name: 'no-webgpu',
      use: { launchOptions: { executablePath, args: launchArgs({ webgpu: false }) } },
    },
  ],
  webServer: {
    // Builds the data assets (skipped when up to date) and the site, then serves dist/ with the
    // production headers (COOP/COEP/CSP) rather than the dev server.
    command: 'npm run build && node scripts/serve.mjs',
    env: { PORT: String(PORT) },
    url: `${baseURL}/diagnostics/`,
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
