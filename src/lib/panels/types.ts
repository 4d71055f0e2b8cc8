/**
 * What every panel kind shares: the catalog's description of a panel (its spec), one seed's
 * contribution to it, and the operations each kind must provide (`PanelKind`). The kinds
 * themselves are one module each beside this one, gathered in `PANEL_KINDS` (./index.ts).
 */
import type { Activation } from '../activation';

/** Every kind of panel, by name; `PANEL_KINDS` (./index.ts) must hold one of each. */
export const PANEL_KIND_NAMES = [
  'curves',
  'distribution',
  'histograms',
  'heatmap',
  'table',
  'intervals',
] as const;
export type PanelKindName = (typeof PANEL_KIND_NAMES)[number];

export interface SeriesSpec {
  readonly key: string;
  readonly label: string;
  /** Drawn after fine-tuning: depends on the run's fine-tuning budget (RunMeta.fineTuneEpochs). */
  readonly fineTuned?: boolean;
}

/** A panel as the catalog (src/lib/figures.ts) declares it. */
export interface PanelSpec {
  readonly id: string;
  readonly title: string;
  readonly kind: PanelKindName;
  /** Curves: which network layer is ablated/pruned ('whole' = both hidden layers jointly). */
  readonly layer?: 1 | 2 | 'whole';
  readonly activation?: Activation;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly series: readonly SeriesSpec[];
  /** Distributions: what one value is, when not a neuron. */
  readonly counts?: 'pairs';
  /** Heatmaps and tables: the column names; heatmaps: what the colour encodes. */
  readonly columns?: readonly string[];
  readonly valueLabel?: string;
  /** Curves: 'symlog' draws x on a log axis that still shows 0 (Fig. 15c's fine-tuning steps). */
  readonly xScale?: 'symlog';
  /** Intervals: the curve panels of the same figure whose AUC[window] the panel summarises. */
  readonly summarises?: readonly { readonly panel: string; readonly label: string }[];
  readonly window?: readonly [number, number];
}

/** What a deviation may depend on beyond the two panels. */
export interface DeviationContext {
  /** Both runs drew the same network 0, so panels drawn from it can be compared neuron by neuron. */
  sameNetworks: boolean;
  /** Whether series `key` of this panel is comparable between the runs (fine-tuning budgets). */
  comparable: (key: string) => boolean;
}

/**
 * How far a rerun's panel is from the published one: the largest difference and where it is, or
 * null when nothing was comparable. `missing` names a series, neuron or row the published panel
 * lacks: the figures differ in shape, which is always a regression.
 */
export type KindDeviation = { value: number | null; where: string } | { missing: string };

/** One CSV row's fields beyond figure and panel (src/figures/export.ts, CSV_HEADER). */
export type CsvRow = (
  series: string,
  label: string,
  x: number | string,
  statistic: string,
  value: number | string,
) => void;

/**
 * Everything a panel kind must provide; `PANEL_KINDS` holds one per kind. P is the panel's data,
 * C one seed's contribution to it (read from the seed result's field `seedField`).
 */
export interface PanelKind<P extends { kind: PanelKindName; id: string }, C> {
  readonly seedField: 'curves' | 'values' | 'histograms' | 'heatmaps' | 'tables';
  /**
   * This panel's contribution from the seed's `seedField` record; by default the entry under the
   * panel's id. A panel derived from other panels of the seed (intervals) reads the whole record.
   */
  pick?(field: Record<string, unknown> | undefined, spec: PanelSpec): C;
  /** Averages the seeds' contributions into the panel (docs/method.md §7); seed 0 first. */
  assemble(spec: PanelSpec, seeds: readonly C[]): P;
  /** The lighter copy the page embeds: `round` applied to every number, per-seed lines dropped. */
  slim(panel: P, round: (v: number) => number): P;
  /** The panel as tidy CSV rows. */
  csv(panel: P, row: CsvRow): void;
  /** The regression measure of this kind (src/lib/regression.ts, docs/claims.md). */
  deviation(rerun: P, published: P, context: DeviationContext): KindDeviation;
}
