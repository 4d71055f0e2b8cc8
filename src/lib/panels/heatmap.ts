/**
 * Heatmap panels: one row per neuron of network 0, one column per class (Fig. 11a-b), the colour
 * a measure in bits.
 */
import type { PanelKind } from './types';

/** One row of a heatmap (Fig. 11a-b): one neuron's value for every column (class). */
export interface HeatmapRow {
  /** e.g. "2-17 (class 3)": layer-neuron, as the histograms, and what sorted it. */
  label: string;
  values: number[];
}

export interface HeatmapPanel {
  kind: 'heatmap';
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** What the colour encodes, e.g. "S_c (bits)". */
  valueLabel: string;
  /** Column names, e.g. the digits "0".."9". */
  columns: string[];
  /** Rows top to bottom, of network 0. */
  rows: HeatmapRow[];
}

/** "2-17" out of a heatmap row's label "2-17 (class 3)": the neuron, whatever class sorted it. */
const neuronOf = (label: string) => label.split(' (')[0];

export const heatmap: PanelKind<HeatmapPanel, HeatmapRow[] | undefined> = {
  seedField: 'heatmaps',
  // drawn from network 0 alone
  assemble: (spec, seeds) => ({
    kind: 'heatmap',
    id: spec.id,
    title: spec.title,
    xLabel: spec.xLabel ?? '',
    yLabel: spec.yLabel ?? '',
    valueLabel: spec.valueLabel ?? '',
    columns: [...(spec.columns ?? [])],
    rows: seeds[0] ?? [],
  }),
  slim: (panel, round) => ({
    ...panel,
    rows: panel.rows.map((r) => ({ ...r, values: r.values.map(round) })),
  }),
  csv: (panel, row) => {
    for (const r of panel.rows) {
      r.values.forEach((v, c) => {
        row(r.label, r.label, panel.columns[c], panel.valueLabel, v);
      });
    }
  },
  // Only between the same network 0: rows matched by neuron, whatever order the sort gave them.
  deviation: (rerun, published, context) => {
    if (!context.sameNetworks) return { value: null, where: '' };
    let value: number | null = null;
    let where = '';
    for (const row of rerun.rows) {
      const r = published.rows.find((t) => neuronOf(t.label) === neuronOf(row.label));
      if (!r || r.values.length !== row.values.length) return { missing: row.label };
      const d = Math.max(...row.values.map((v, i) => Math.abs(v - r.values[i])));
      if (value === null || d > value) [value, where] = [d, neuronOf(row.label)];
    }
    return { value, where };
  },
};
