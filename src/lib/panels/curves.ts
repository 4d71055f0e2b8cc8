/**
 * Curve panels: accuracy against the number of neurons ablated or pruned (Figs. 1, 3-6, 9, 10,
 * 12, 14, 15). Each line is the mean over seeds with a +-1 sd band (docs/method.md §7).
 */
import { meanAndSd } from '../stats';
import type { PanelKind } from './types';

/** One curve of one seed: x grid and accuracy (%) per level. */
export interface CurvePoints {
  x: number[];
  y: number[];
}

/** One line of a curve panel: mean over seeds with a +-1 sd band, plus every seed's curve. */
export interface CurveSeries {
  key: string;
  label: string;
  x: number[];
  mean: number[];
  sd: number[];
  /** [seed][x index] */
  perSeed: number[][];
}

export interface CurvesPanel {
  kind: 'curves';
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** 'symlog': x on a log axis that keeps 0 (from the catalog's PanelSpec). */
  xScale?: 'symlog';
  series: CurveSeries[];
}

export const curves: PanelKind<CurvesPanel, Record<string, CurvePoints>> = {
  seedField: 'curves',
  assemble: (spec, seeds) => ({
    kind: 'curves',
    id: spec.id,
    title: spec.title,
    xLabel: spec.xLabel ?? '',
    yLabel: spec.yLabel ?? '',
    ...(spec.xScale ? { xScale: spec.xScale } : {}),
    series: spec.series.map((s): CurveSeries => {
      const perSeed = seeds.map((seed) => seed[s.key].y);
      const { mean, sd } = meanAndSd(perSeed);
      return { key: s.key, label: s.label, x: seeds[0][s.key].x, mean, sd, perSeed };
    }),
  }),
  slim: (panel, round) => ({
    ...panel,
    series: panel.series.map((s) => ({
      ...s,
      mean: s.mean.map(round),
      sd: s.sd.map(round),
      perSeed: [],
    })),
  }),
  csv: (panel, row) => {
    for (const s of panel.series) {
      s.x.forEach((x, i) => {
        row(s.key, s.label, x, 'mean', s.mean[i]);
        row(s.key, s.label, x, 'sd', s.sd[i]);
        for (const [seed, curve] of s.perSeed.entries()) {
          row(s.key, s.label, x, `seed ${seed}`, curve[i]);
        }
      });
    }
  },
  // The largest, over the panel's comparable series, mean absolute difference of the seed-mean.
  deviation: (rerun, published, context) => {
    let value: number | null = null;
    let where = '';
    for (const s of rerun.series) {
      if (!context.comparable(s.key)) continue;
      const r = published.series.find((t) => t.key === s.key);
      if (!r || r.mean.length !== s.mean.length) return { missing: s.key };
      const d = s.mean.reduce((sum, v, i) => sum + Math.abs(v - r.mean[i]), 0) / s.mean.length;
      if (value === null || d > value) [value, where] = [d, s.key];
    }
    return { value, where };
  },
};
