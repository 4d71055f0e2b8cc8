/**
 * Distribution panels: one measure's values pooled over seeds and neurons (Figs. 2, 8a-c, 13),
 * drawn as histograms with each seed's median.
 */
import { median } from '../stats';
import type { PanelKind } from './types';

/** Pooled values of one measure for one layer (Figs. 2, 8a-c): one value per (seed, neuron). */
export interface DistributionSeries {
  key: string;
  label: string;
  values: number[];
  /** Median of `values` within each seed, [seed]. */
  perSeedMedian: number[];
}

export interface DistributionPanel {
  kind: 'distribution';
  id: string;
  title: string;
  xLabel: string;
  /** What one value is: a neuron (Figs. 2, 8; the default) or a pair of neurons (Fig. 13). */
  counts?: 'neurons' | 'pairs';
  series: DistributionSeries[];
}

export const distribution: PanelKind<DistributionPanel, Record<string, number[]>> = {
  seedField: 'values',
  assemble: (spec, seeds) => ({
    kind: 'distribution',
    id: spec.id,
    title: spec.title,
    xLabel: spec.xLabel ?? '',
    ...(spec.counts ? { counts: spec.counts } : {}),
    series: spec.series.map((s) => ({
      key: s.key,
      label: s.label,
      values: seeds.flatMap((seed) => seed[s.key]),
      perSeedMedian: seeds.map((seed) => median(seed[s.key])),
    })),
  }),
  slim: (panel, round) => ({
    ...panel,
    series: panel.series.map((s) => ({
      ...s,
      values: s.values.map(round),
      perSeedMedian: s.perSeedMedian.map(round),
    })),
  }),
  csv: (panel, row) => {
    for (const s of panel.series) {
      const seeds = s.perSeedMedian.length;
      const perSeed = seeds > 0 && s.values.length % seeds === 0 ? s.values.length / seeds : 0;
      s.values.forEach((v, i) => {
        const stat = perSeed > 0 ? `seed ${Math.floor(i / perSeed)}` : 'value';
        row(s.key, s.label, perSeed > 0 ? i % perSeed : i, stat, v);
      });
      for (const [seed, m] of s.perSeedMedian.entries()) {
        row(s.key, s.label, '', `median seed ${seed}`, m);
      }
    }
  },
  // The largest absolute difference, over the panel's series, of the median of the seeds' medians.
  deviation: (rerun, published) => {
    let value: number | null = null;
    let where = '';
    for (const s of rerun.series) {
      const r = published.series.find((t) => t.key === s.key);
      if (!r) return { missing: s.key };
      const d = Math.abs(median(s.perSeedMedian) - median(r.perSeedMedian));
      if (value === null || d > value) [value, where] = [d, s.key];
    }
    return { value, where };
  },
};
