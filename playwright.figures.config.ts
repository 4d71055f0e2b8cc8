/**
 * `npm run figures`: regenerates the published data (content/figures/*.json) and networks
 * (public/networks/) headlessly through the same worker API the page uses. One test per figure, so
 * Playwright's --shard=i/n spreads the paper preset over machines; with --check each shard writes
 * test-results/check-<figure>.json and scripts/check-figures.ts merges them (see README).
 */
import { headlessSiteConfig } from './e2e/headless-site';

// FIGURES_PORT lets two generators run side by side (one per core: WASM runs single-threaded)
const PORT = Number(process.env.FIGURES_PORT ?? 4398);
const SITE = `.cache/figures-site-${PORT}`;
process.env.FIGURES_SITE = SITE; // read by the generator, which writes new networks there too

export default headlessSiteConfig({
  testDir: 'e2e/figures',
  testMatch: '*.figures.ts',
  port: PORT,
  site: SITE,
  readyPath: '/engine/',
  webgpu: process.env.FIGURES_BACKEND === 'webgpu',
});
