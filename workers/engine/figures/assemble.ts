/** Averages the seeds' contributions into a figure's panels: mean and +-1 sd over seeds (docs/method.md §7). */
import type {
  Activation,
  CurveSeries,
  FigureData,
  Panel,
  RunMeta,
} from '../../../src/lib/figure-data';
import { type FigureId, figureSpec } from '../../../src/lib/figures';
import { meanAndSd, median } from '../../../src/lib/stats';
import type { AnySeedResult } from './shared';

export function assemble(
  run: { figure: FigureId; activation: Activation },
  results: AnySeedResult[],
  meta: RunMeta,
): FigureData {
  const spec = figureSpec(run.figure);
  const panels = spec.panels.map((p): Panel => {
    if (p.kind === 'curves') {
      const series = p.series.map((s): CurveSeries => {
        const perSeed = results.map((r) => r.curves[p.id][s.key].y);
        const { mean, sd } = meanAndSd(perSeed);
        return {
          key: s.key,
          label: s.label,
          x: results[0].curves[p.id][s.key].x,
          mean,
          sd,
          perSeed,
        };
      });
      return {
        kind: 'curves',
        id: p.id,
        title: p.title,
        xLabel: p.xLabel,
        yLabel: p.yLabel,
        series,
      };
    }
    if (p.kind === 'distribution') {
      return {
        kind: 'distribution',
        id: p.id,
        title: p.title,
        xLabel: p.xLabel,
        ...('counts' in p ? { counts: p.counts } : {}),
        series: p.series.map((s) => ({
          key: s.key,
          label: s.label,
          values: results.flatMap((r) => r.values[p.id][s.key]),
          perSeedMedian: results.map((r) => median(r.values[p.id][s.key])),
        })),
      };
    }
    if (p.kind === 'heatmap') {
      return {
        kind: 'heatmap',
        id: p.id,
        title: p.title,
        xLabel: p.xLabel,
        yLabel: p.yLabel,
        valueLabel: p.valueLabel,
        columns: [...p.columns],
        rows: results[0].heatmaps?.[p.id] ?? [],
      };
    }
    return {
      kind: 'histograms',
      id: p.id,
      title: p.title,
      neurons: results[0].histograms[p.id] ?? [],
    };
  });
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
