/**
 * `npm run bench` (bench/main.ts): the timings of docs/bench.md, measured headlessly in
 * Chromium through the /bench/ page (benchmark worker) and the /engine/ page (figure reruns).
 */
import { headlessSiteConfig } from '../../e2e/headless-site';
import { optionsFromEnv, SITE } from '../options';

export default headlessSiteConfig({
  testDir: 'bench/browser',
  testMatch: '*.bench.ts',
  port: 4397,
  site: SITE,
  readyPath: '/bench/',
  // SwiftShader's WebGPU adapter only when WebGPU is benchmarked; WASM and CPU do not care
  webgpu: optionsFromEnv().backends.includes('webgpu'),
});
