#!/usr/bin/env node
/**
 * npm run figures [-- --preset=paper|quick|smoke] [--backend=wasm|webgpu|cpu] [--only=fig1,fig4]
 *                    [--force] [--check] [--shard=i/n] [--dataset=mnist|fashion]
 * Regenerates the published run headlessly through Playwright (playwright.figures.config.ts).
 * --check regenerates into test-results/ and compares with content/figures (scripts/check-figures.ts).
 * Fig. 16 runs every variant of the open choices (ROBUSTNESS_VARIANTS=id,... picks some) into
 * content/robustness/ and assembles the table (scripts/robustness.ts).
 * --dataset=fashion trains the Fashion-MNIST networks and runs the fifteen figures on them into
 * content/fashion/ (e2e/figures/fashion.figures.ts); with --check it compares as for MNIST.
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
};
const env = {
  ...process.env,
  FIGURES_PRESET: option('preset', 'paper'),
  FIGURES_BACKEND: option('backend', 'wasm'),
  FIGURES_ONLY: option('only', ''),
  FIGURES_FORCE: args.includes('--force') ? '1' : '',
  FIGURES_CHECK: args.includes('--check') ? '1' : '',
  FIGURES_DATASET: option('dataset', 'mnist'),
};
const passThrough = args.filter((a) => a.startsWith('--shard='));
const run = (cmd, cmdArgs) => spawnSync(cmd, cmdArgs, { stdio: 'inherit', env }).status ?? 1;

// the report's own vocabulary decides what is valid (src/lib/run-options.ts), before anything starts
let status = run('npx', [
  'vite-node',
  'scripts/run-args.ts',
  `preset=${env.FIGURES_PRESET}`,
  `backend=${env.FIGURES_BACKEND}`,
  `figures=${env.FIGURES_ONLY}`,
  `dataset=${env.FIGURES_DATASET}`,
]);
if (status === 0) status = run('node', ['scripts/ensure-browser.mjs']);
if (status === 0) {
  status = run('npx', ['playwright', 'test', '-c', 'playwright.figures.config.ts', ...passThrough]);
}
if (status === 0 && env.FIGURES_CHECK)
  status = run('npx', ['vite-node', 'scripts/check-figures.ts']);
const mnist = env.FIGURES_DATASET === 'mnist';
// Fig. 16 is assembled from the variants' figures (e2e/figures/robustness.figures.ts, docs/method.md §11)
const selected = env.FIGURES_ONLY.split(',').filter(Boolean);
if (
  status === 0 &&
  mnist &&
  !env.FIGURES_CHECK &&
  (selected.length === 0 || selected.includes('fig16'))
)
  status = run('npx', ['vite-node', 'scripts/robustness.ts']);
process.exit(status);
