/**
 * Fashion-MNIST's published run (#24, docs/method.md §12): the fifteen figures that
 * `npm run figures -- --dataset=fashion` keeps in content/fashion/<figure>.json.br, read at build
 * time (Node) for the figures' data-set switch, the scoreboard's column, the section on what carries
 * over and Fig. 16's column. A figure not generated yet is absent, and everything that reads it
 * says so; nothing about Fashion-MNIST is ever read from MNIST's run.
 */
import { existsSync } from 'node:fs';
import { readVariantFigures } from '../../scripts/robustness-files';
import type { FigureSet } from '../lib/claims';
import type { FigureData, FigureId } from '../lib/figure-data';
import { FIGURES, isComposite } from '../lib/figures';

/** Where the run is kept; FASHION_FIGURES moves it (a test's build, a run not yet published). */
export const FASHION_DIR = process.env.FASHION_FIGURES ?? 'content/fashion';

/** The figures the Fashion-MNIST run publishes: all but the composite Fig. 16. */
export const FASHION_FIGURE_IDS: readonly FigureId[] = FIGURES.filter(
  (f) => !isComposite(f.id),
).map((f) => f.id);

/** Every Fashion-MNIST figure kept so far, keyed by id. */
export const fashionFigures: Readonly<FigureSet> = existsSync(FASHION_DIR)
  ? readVariantFigures(FASHION_DIR, FASHION_FIGURE_IDS)
  : {};

export function fashionFigure(id: FigureId): FigureData | undefined {
  return fashionFigures[id];
}

/** The figures not generated yet (the run is published whole, or its verdicts say what is missing). */
export const fashionMissing: readonly FigureId[] = FASHION_FIGURE_IDS.filter(
  (id) => !fashionFigures[id],
);
