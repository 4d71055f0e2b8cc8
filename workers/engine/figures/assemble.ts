/**
 * Averages the seeds' contributions into a figure: each panel by its kind (src/lib/panels/), the
 * extras as one value per seed (docs/method.md §7).
 */
import type { Activation, FigureData, RunMeta } from '../../../src/lib/figure-data';
import { type FigureId, figureSpec } from '../../../src/lib/figures';
import { type AnySeedResult, assemblePanel } from '../../../src/lib/panels';

export function assemble(
  run: { figure: FigureId; activation: Activation },
  results: AnySeedResult[],
  meta: RunMeta,
): FigureData {
  const spec = figureSpec(run.figure);
  const panels = spec.panels.map((p) => assemblePanel(p, results));
  const extras: Record<string, number[]> = {};
  for (const r of results) {
    for (const [key, value] of Object.entries(r.extras)) {
      if (value !== undefined) extras[key] = [...(extras[key] ?? []), value];
    }
  }
  return {
    figure: run.figure,
    title: spec.title,
    activation: spec.activation === 'both' ? 'both' : run.activation,
    meta,
    panels,
    extras,
  };
}
