/**
 * Generates the published run on Fashion-MNIST (#24, docs/method.md §12): both ensembles at the paper
 * preset trained on Fashion-MNIST (20 networks per activation), then all fifteen figures from them,
 * into content/fashion/<figure>.json.br (kept as Fig. 16's variants are: scripts/robustness-files.ts).
 * Runs with `npm run figures -- --dataset=fashion`; with `--check` it regenerates into test-results/
 * and scripts/check-figures.ts compares, and each network's sha256 is compared with the published one.
 *
 * The networks' manifests (how they were trained, each file's sha256) are published in
 * public/networks/fashion/<activation>/; the weights themselves are not tracked (docs/networks.md:
 * the tracked files must leave room for the GPU pack), so a rerun on Fashion-MNIST trains them.
 * Training is deterministic on the WebAssembly engine, which the sha256 check holds to.
 *
 * Checkpointed per figure: a figure whose file exists at this preset is skipped. The networks are
 * trained once per run of this test and kept in the page's IndexedDB for the figures.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { shortCommit } from '../../scripts/commit.mjs';
import { readVariantFigure, writeVariantFigure } from '../../scripts/robustness-files';
import { FASHION_DIR, FASHION_FIGURE_IDS } from '../../src/figures/fashion';
import { figureSpec } from '../../src/lib/figures';
import { checkBackend, checkPreset } from '../../src/lib/run-options';
import type { NetworkManifest } from '../../workers/api';
import { openEngine, runFigureInPage, trainInPage } from './engine-page';

const dataset = process.env.FIGURES_DATASET ?? 'mnist';
const preset = checkPreset(process.env.FIGURES_PRESET ?? 'paper');
const backend = checkBackend(process.env.FIGURES_BACKEND ?? 'wasm');
const selected = (process.env.FIGURES_ONLY ?? '').split(',').filter(Boolean);
const check = process.env.FIGURES_CHECK === '1';
// FASHION_FIGURES moves it, for the generator and the build alike (src/figures/fashion.ts)
const out = FASHION_DIR;
const networksOut = 'public/networks/fashion';
const commit = shortCommit();

const figures = FASHION_FIGURE_IDS.filter(
  (id) => selected.length === 0 || selected.includes(id),
).map((id) => figureSpec(id));

test('the published run on Fashion-MNIST', async ({ page }) => {
  test.skip(dataset !== 'fashion', 'FIGURES_DATASET is not fashion');
  const timesFile = join(out, 'times.json');
  const times: Record<string, number> = existsSync(timesFile)
    ? JSON.parse(readFileSync(timesFile, 'utf8'))
    : {};
  const todo = figures.filter((f) => {
    if (check || process.env.FIGURES_FORCE) return true;
    return readVariantFigure(out, f.id)?.meta.preset !== preset;
  });
  test.skip(todo.length === 0, 'every selected figure is generated at this preset');
  mkdirSync(out, { recursive: true });
  await openEngine(page);

  const activations = (['sigmoid', 'relu'] as const).filter((a) =>
    todo.some((f) => f.activation === a || f.activation === 'both'),
  );
  for (const activation of activations) {
    const started = Date.now();
    const { manifest, files } = await trainInPage(
      page,
      { activation, preset, backend, dataset: 'fashion' },
      0.05,
    );
    times[`networks-${activation}`] = Date.now() - started;
    console.log(
      `trained ${activation} on Fashion-MNIST in ${(times[`networks-${activation}`] / 1000).toFixed(0)} s`,
    );
    const dir = join(networksOut, activation);
    const manifestFile = join(dir, 'manifest.json');
    if (check) {
      // the networks trained now must be the published ones, byte for byte
      const published = JSON.parse(readFileSync(manifestFile, 'utf8')) as NetworkManifest;
      const sums = files.map((f) => createHash('sha256').update(f).digest('hex'));
      expect(sums, `${activation} networks trained now against ${manifestFile}`).toEqual(
        published.sha256?.slice(0, sums.length),
      );
      continue;
    }
    // the weights stay out of git (.gitignore); the manifest with their sha256 is published
    mkdirSync(dir, { recursive: true });
    manifest.files.forEach((name: string, i: number) => {
      writeFileSync(join(dir, name), files[i]);
    });
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  }

  for (const spec of todo) {
    const started = Date.now();
    const data = await runFigureInPage(
      page,
      { figure: spec.id, preset, backend, networks: 'retrain', dataset: 'fashion' },
      0.05,
    );
    data.meta.commit = commit;
    expect(data.meta.networks, `${spec.id} used the networks trained above`).toBe('cached');
    if (check) {
      mkdirSync('test-results', { recursive: true });
      writeFileSync(join('test-results', `check-${spec.id}.json`), JSON.stringify(data));
      continue;
    }
    writeVariantFigure(out, data);
    times[spec.id] = Date.now() - started;
    writeFileSync(timesFile, `${JSON.stringify(times, null, 2)}\n`);
    console.log(`fashion ${spec.id}: ${(times[spec.id] / 1000).toFixed(1)} s`);
  }
});
