/**
 * Generates the variants of Fig. 16 (docs/method.md §11): for each variant of src/lib/robustness.ts,
 * every figure a claim reads (VARIANT_FIGURES) at the paper preset with that one choice moved, into
 * content/robustness/<variant>/<figure>.json.br (scripts/robustness-files.ts). Runs with
 * `npm run figures -- --only=fig16`.
 *
 * Checkpointed per figure: a figure whose file exists for this variant is skipped, so a stopped run
 * resumes where it stopped. One test per variant, so `--shard=i/n` spreads the variants over
 * machines; the networks of a training variant are trained once by its first figure and kept in the
 * page's IndexedDB for the others (workers/engine/store.ts). Each variant's times go into
 * content/robustness/<variant>/times.json. The table itself is assembled from these files by
 * scripts/robustness.ts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { shortCommit } from '../../scripts/commit.mjs';
import {
  madeAs,
  readVariantFigure,
  variantFigureFile,
  writeVariantFigure,
} from '../../scripts/robustness-files';
import { VARIANT_FIGURES, VARIANT_SEEDS, VARIANTS } from '../../src/lib/robustness';
import { checkBackend } from '../../src/lib/run-options';
import { openEngine, runFigureInPage } from './engine-page';

const backend = checkBackend(process.env.FIGURES_BACKEND ?? 'wasm');
const selected = (process.env.FIGURES_ONLY ?? '').split(',').filter(Boolean);
const wanted =
  (process.env.FIGURES_DATASET ?? 'mnist') === 'mnist' &&
  (selected.length === 0 || selected.includes('fig16'));
const variantsWanted = (process.env.ROBUSTNESS_VARIANTS ?? '').split(',').filter(Boolean);
const out = process.env.ROBUSTNESS_OUT ?? 'content/robustness';
const commit = shortCommit();

for (const variant of VARIANTS) {
  test(`robustness ${variant.id}`, async ({ page }) => {
    test.skip(!wanted || process.env.FIGURES_CHECK === '1', 'Fig. 16 not selected');
    test.skip(
      variantsWanted.length > 0 && !variantsWanted.includes(variant.id),
      'not in ROBUSTNESS_VARIANTS',
    );
    const dir = join(out, variant.id);
    mkdirSync(dir, { recursive: true });
    const timesFile = join(dir, 'times.json');
    const times: Record<string, number> = existsSync(timesFile)
      ? JSON.parse(readFileSync(timesFile, 'utf8'))
      : {};
    let opened = false;
    for (const figure of VARIANT_FIGURES) {
      const kept = existsSync(variantFigureFile(dir, figure))
        ? readVariantFigure(dir, figure)
        : undefined;
      if (kept && madeAs(kept, VARIANT_SEEDS, variant.options)) continue;
      if (!opened) {
        await openEngine(page);
        opened = true;
      }
      const started = Date.now();
      const data = await runFigureInPage(
        page,
        {
          figure,
          preset: 'paper',
          seeds: VARIANT_SEEDS,
          backend,
          networks: variant.trains ? 'retrain' : 'published',
          ...variant.options,
        },
        0.05,
      );
      data.meta.commit = commit;
      writeVariantFigure(dir, data);
      // wall time of this figure in the page, training included where it trained
      times[figure] = Date.now() - started;
      writeFileSync(timesFile, `${JSON.stringify(times, null, 2)}\n`);
      console.log(
        `${variant.id} ${figure}: ${(times[figure] / 1000).toFixed(1)} s (${data.meta.networks} networks)`,
      );
    }
  });
}
