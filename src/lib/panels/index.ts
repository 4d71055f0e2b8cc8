/**
 * The panel kinds as one table. Each kind's module holds its data type, assembly, slimming, CSV
 * rows and regression measure; `PANEL_KINDS` must hold one of each kind of `PANEL_KIND_NAMES`, so
 * a kind missing an operation, or missing from the table, does not compile. Assembly, export and
 * regression go through the functions below; drawing has its own table (src/figures/index.ts).
 */
import { type CurvePoints, type CurvesPanel, curves } from './curves';
import { type DistributionPanel, distribution } from './distribution';
import { type HeatmapPanel, type HeatmapRow, heatmap } from './heatmap';
import { type HistogramsPanel, histograms, type NeuronHistogram } from './histograms';
import { type IntervalsPanel, intervals } from './intervals';
import { type TablePanel, type TableRows, table } from './table';
import type {
  CsvRow,
  DeviationContext,
  KindDeviation,
  PanelKind,
  PanelKindName,
  PanelSpec,
} from './types';

export type { CurvePoints, CurveSeries, CurvesPanel } from './curves';
export type { DistributionPanel, DistributionSeries } from './distribution';
export type { HeatmapPanel, HeatmapRow } from './heatmap';
export type { HistogramsPanel, NeuronHistogram } from './histograms';
export { histogramDistance } from './histograms';
export type { IntervalEstimate, IntervalGroup, IntervalsPanel } from './intervals';
export type { TableCell, TablePanel, TableRow, TableRows } from './table';
export type {
  CsvRow,
  DeviationContext,
  KindDeviation,
  PanelKindName,
  PanelSpec,
  SeriesSpec,
} from './types';
export { PANEL_KIND_NAMES } from './types';

/** Every kind's data, by name. */
export interface PanelByKind {
  curves: CurvesPanel;
  distribution: DistributionPanel;
  histograms: HistogramsPanel;
  heatmap: HeatmapPanel;
  table: TablePanel;
  intervals: IntervalsPanel;
}
/** One panel of a figure's data, of any kind. */
export type Panel = PanelByKind[PanelKindName];

export const PANEL_KINDS = {
  curves,
  distribution,
  histograms,
  heatmap,
  table,
  intervals,
} as const satisfies {
  // biome-ignore lint/suspicious/noExplicitAny: each kind's seed contribution is its own type
  [K in PanelKindName]: PanelKind<PanelByKind[K], any>;
};

/**
 * One seed's contribution to a figure, untyped by figure: what crosses a worker boundary and what
 * assembly reads, one field per kind (`seedField`). Curves and distributions come from every seed;
 * histograms, heatmaps and tables from seed 0 alone. The engine's `SeedResult<F>`
 * (workers/engine/figures/shared.ts) is the same, typed by the catalog.
 */
export interface AnySeedResult {
  curves: Record<string, Record<string, CurvePoints>>;
  values: Record<string, Record<string, number[]>>;
  histograms: Record<string, NeuronHistogram[] | undefined>;
  heatmaps?: Record<string, HeatmapRow[] | undefined>;
  tables?: Record<string, TableRows | undefined>;
  extras: Record<string, number | undefined>;
}

// The table's entry for a panel's kind, with its types widened to any panel: the table's
// `satisfies` above is what ties each kind's operations to its own panel type.
const kindOf = (kind: PanelKindName) => PANEL_KINDS[kind] as unknown as PanelKind<Panel, unknown>;

/** Averages the seeds' contributions to one panel of the catalog (docs/method.md §7). */
export function assemblePanel(spec: PanelSpec, seeds: readonly AnySeedResult[]): Panel {
  const kind = kindOf(spec.kind);
  const field = kind.seedField;
  const pick = kind.pick ?? ((record) => record?.[spec.id]);
  return kind.assemble(
    spec,
    seeds.map((seed) => pick(seed[field] as Record<string, unknown> | undefined, spec)),
  );
}

/** The lighter copy the page embeds (src/figures/published.ts). */
export const slimPanel = (panel: Panel, round: (v: number) => number): Panel =>
  kindOf(panel.kind).slim(panel, round);

/** The panel's tidy CSV rows (src/figures/export.ts). */
export const panelCsv = (panel: Panel, row: CsvRow): void => kindOf(panel.kind).csv(panel, row);

/** The regression measure of the panel's kind (src/lib/regression.ts). */
export const panelDeviation = (
  rerun: Panel,
  published: Panel,
  context: DeviationContext,
): KindDeviation => kindOf(rerun.kind).deviation(rerun, published, context);
