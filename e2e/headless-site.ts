/**
 * The Playwright config shared by the headless runners (`npm run figures`, `npm run bench`): one
 * browser at a time, no test timeout, and a build of the site in its own folder served with the
 * production headers on its own port, so a developer's dist/ and `npm test` are left alone.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { executablePath, launchArgs } from './browser';

/** The repository root. Playwright resolves a config's paths and runs its web server from the
 * config's own folder, so a config outside the root (bench/browser/) names them from here. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface HeadlessSite {
  /** Relative to the repository root. */
  testDir: string;
  testMatch: string;
  port: number;
  /** Build folder (astro build --outDir), served by scripts/serve.mjs. */
  site: string;
  /** A page that exists once the site is served, e.g. '/engine/'. */
  readyPath: string;
  /** Launch Chromium with SwiftShader's WebGPU adapter. */
  webgpu: boolean;
}

export function headlessSiteConfig(o: HeadlessSite) {
  const baseURL = `http://127.0.0.1:${o.port}`;
  return defineConfig({
    testDir: resolve(ROOT, o.testDir),
    testMatch: o.testMatch,
    workers: 1,
    fullyParallel: false,
    timeout: 0,
    reporter: 'list',
    // Playwright empties its output folder when a run starts: one per runner, away from the
    // test-results/ of `npm test`, so a bench, a published run and the tests can run side by side.
    outputDir: resolve(ROOT, `.cache/test-output/${o.port}`),
    use: {
      baseURL,
      browserName: 'chromium',
      // these builds have no service worker (scripts/service-worker.mjs runs in npm run build only)
      serviceWorkers: 'block',
      launchOptions: { executablePath, args: launchArgs({ webgpu: o.webgpu }) },
    },
    webServer: {
      command: `npm run data && astro build --outDir ${o.site} && node scripts/serve.mjs`,
      cwd: ROOT,
      env: { PORT: String(o.port), SERVE_ROOT: o.site },
      url: `${baseURL}${o.readyPath}`,
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  });
}
