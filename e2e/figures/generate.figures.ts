/**
 * Generates the published run. Environment (set by scripts/figures.mjs):
 * FIGURES_PRESET (default paper), FIGURES_BACKEND (default wasm), FIGURES_ONLY (comma-separated ids),
 * FIGURES_OUT (default content/figures), FIGURES_CHECK=1 (compare against the published data instead
 * of writing; see scripts/figures.mjs).
 *
 * Resumable: networks are written to public/networks/<activation>/ (and the served build) as soon as one
 * activation's ensemble is trained, and a figure whose JSON exists for this preset is skipped.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { shortCommit } from '../../scripts/commit.mjs';
import type { FigureData } from '../../src/lib/figure-data';
import { FIGURES, isComposite } from '../../src/lib/figures';
import { checkBackend, checkPreset, PRESETS } from '../../src/lib/run-options';
import type { NetworkManifest } from '../../workers/api';
import { openEngine, runFigureInPage, trainInPage } from './engine-page';

const preset = checkPreset(process.env.FIGURES_PRESET ?? 'paper');
const backend = checkBackend(process.env.FIGURES_BACKEND ?? 'wasm');
const selected = (process.env.FIGURES_ONLY ?? '').split(',').filter(Boolean);
const only = selected.length > 0 ? selected : undefined;
const out = process.env.FIGURES_OUT ?? 'content/figures';
const check = process.env.FIGURES_CHECK === '1';
const commit = shortCommit();
// Fashion-MNIST's published run is fashion.figures.ts's
const mnist = (process.env.FIGURES_DATASET ?? 'mnist') === 'mnist';

function networksFit(activation: string): boolean {
  const file = join('public/networks', activation, 'manifest.json');
  if (!existsSync(file)) return false;
  const m = JSON.parse(readFileSync(file, 'utf8')) as NetworkManifest;
  const p = PRESETS[preset];
  return (
    m.seeds >= p.seeds &&
    m.epochs === p.epochs &&
    m.trainSamples === p.trainSamples &&
    m.l2 === p.l2
  );
}

/** Whether a figure selected by FIGURES_ONLY needs networks of this activation (all: no filter). */
const needed = (activation: 'sigmoid' | 'relu') =>
  !only ||
  FIGURES.some(
    (f) => only.includes(f.id) && (f.activation === activation || f.activation === 'both'),
  );

for (const activation of ['sigmoid', 'relu'] as const) {
  test(`networks ${activation}`, async ({ page }) => {
    test.skip(!mnist, 'not MNIST: see fashion.figures.ts');
    test.skip(check || networksFit(activation), 'published networks already fit this preset');
    test.skip(!needed(activation), 'no selected figure uses these networks');
    await openEngine(page);
    const started = Date.now();
    const { manifest, files } = await trainInPage(page, { activation, preset, backend });
    for (const root of ['public/networks', `${process.env.FIGURES_SITE}/networks`]) {
      const dir = join(root, activation);
      mkdirSync(dir, { recursive: true });
      manifest.files.forEach((name: string, i: number) => {
        writeFileSync(join(dir, name), files[i]);
      });
      writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    }
    console.log(
      `trained ${activation} networks in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  });
}

// a composite figure (Fig. 16) is made from other figures: robustness.figures.ts and scripts/robustness.ts
for (const spec of FIGURES.filter((f) => !isComposite(f.id) && (!only || only.includes(f.id)))) {
  test(`figure ${spec.number}`, async ({ page }) => {
    test.skip(!mnist, 'not MNIST: see fashion.figures.ts');
    const file = join(out, `${spec.id}.json`);
    const existing = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as FigureData)
      : null;
    test.skip(
      !check && !process.env.FIGURES_FORCE && existing?.meta.preset === preset,
      'already generated with this preset (FIGURES_FORCE=1 regenerates)',
    );
    await openEngine(page);
    const data = await runFigureInPage(page, {
      figure: spec.id,
      preset,
      backend,
      networks: 'published',
    });
    data.meta.commit = commit;
    if (check) {
      // Playwright empties its output folder when a run starts and makes it only for a test's
      // attachments: on a fresh clone test-results/ does not exist yet
      mkdirSync('test-results', { recursive: true });
      writeFileSync(join('test-results', `check-${spec.id}.json`), JSON.stringify(data));
      return;
    }
    mkdirSync(out, { recursive: true });
    writeFileSync(file, `${JSON.stringify(data)}\n`);
    console.log(
      `${spec.id}: ${(data.meta.durationMs / 1000).toFixed(1)} s on ${data.meta.backend}`,
    );
  });
}
