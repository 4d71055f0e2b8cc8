/**
 * The figure reader: estimates read out of a set of figures, shared by the claims, the hypotheses
 * and the numbers the report's text quotes (src/figures/numbers.ts), so a verdict and the text
 * never read a curve differently.
 * - AUC[a,b] = mean of the net-averaged accuracy (%) over the x points in [a,b] (integer k for the
 *   layer-wise figures, totals 0,3,...,150 for Fig. 5); the x grid must cover [a,b].
 * - Abar(k) = net-averaged accuracy at k (linear interpolation if k falls between grid points).
 * - Medians of Figs. 2/8 are pooled over (net, neuron); per net they come from `perSeedMedian`.
 * Panel ids, series keys and extras are typed from the catalog (src/lib/figures.ts).
 */
import type { CurveSeries, DistributionSeries, FigureData, FigureId } from '../figure-data';
import { type ExtraKey, figureSpec, type PanelId, type SeriesKey } from '../figures';
import * as stats from '../stats';
import { type Estimate, estimate, mean } from './verdict';

export type FigureSet = Partial<Record<FigureId, FigureData>>;

/**
 * AUC[from,to] of a curve (stats.ts `auc`), or NaN when the x grid does not reach both ends of the
 * window (a short sweep must not pass for the full window) or `y` does not match the grid.
 */
export function windowAuc(x: number[], y: number[], from: number, to: number): number {
  if (x.length === 0 || y.length !== x.length || x[0] > from || x[x.length - 1] < to) {
    return Number.NaN;
  }
  return stats.auc(x, y, from, to);
}

/** Abar(k): `y` at x = k, linearly interpolated between grid points; NaN outside the grid. */
export function abar(x: number[], y: number[], k: number): number {
  if (y.length !== x.length) return Number.NaN;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === k) return y[i];
    if (i > 0 && x[i - 1] < k && k < x[i]) {
      const t = (k - x[i - 1]) / (x[i] - x[i - 1]);
      return y[i - 1] + t * (y[i] - y[i - 1]);
    }
  }
  return Number.NaN;
}

/** A needed figure, panel, series or extra is absent, or the figure was run with the other activation. */
export class MissingData extends Error {}

/** Reads estimates out of a FigureSet; throws MissingData where something is absent. */
export interface FigureReader {
  figure(id: FigureId): FigureData;
  curve<F extends FigureId, P extends PanelId<F, 'curves'>>(
    id: F,
    panel: P,
    key: SeriesKey<F, P>,
  ): CurveSeries;
  distribution<F extends FigureId, P extends PanelId<F, 'distribution'>>(
    id: F,
    panel: P,
    key: SeriesKey<F, P>,
  ): DistributionSeries;
  /** AUC[from,to] of a curve: mean curve for the value, each net's curve for the per-seed values. */
  auc<F extends FigureId, P extends PanelId<F, 'curves'>>(
    id: F,
    panel: P,
    key: SeriesKey<F, P>,
    from: number,
    to: number,
  ): Estimate;
  /** Abar(k) of a curve, likewise per net. */
  abar<F extends FigureId, P extends PanelId<F, 'curves'>>(
    id: F,
    panel: P,
    key: SeriesKey<F, P>,
    k: number,
  ): Estimate;
  /** Pooled median of a distribution series, with the per-net medians. */
  median<F extends FigureId, P extends PanelId<F, 'distribution'>>(
    id: F,
    panel: P,
    key: SeriesKey<F, P>,
  ): Estimate;
  /** An extra (one entry per net): mean over nets. */
  extra<F extends FigureId>(id: F, key: ExtraKey<F>): Estimate;
}

export function figureReader(data: FigureSet): FigureReader {
  const figure = (id: FigureId): FigureData => {
    const fig = data[id];
    if (!fig) throw new MissingData(`${id} not available`);
    const expected = figureSpec(id).activation;
    if (fig.activation !== expected) {
      throw new MissingData(`${id} was run with ${fig.activation}; the claim is about ${expected}`);
    }
    return fig;
  };
  const panel = (id: FigureId, panelId: string) => {
    const p = figure(id).panels.find((q) => q.id === panelId);
    if (!p) throw new MissingData(`${id} panel ${panelId} not available`);
    return p;
  };
  const curve = (id: FigureId, panelId: string, key: string): CurveSeries => {
    const p = panel(id, panelId);
    const s = p.kind === 'curves' ? p.series.find((q) => q.key === key) : undefined;
    if (!s) throw new MissingData(`${id}(${panelId}) series ${key} not available`);
    return s;
  };
  const distribution = (id: FigureId, panelId: string, key: string): DistributionSeries => {
    const p = panel(id, panelId);
    const s = p.kind === 'distribution' ? p.series.find((q) => q.key === key) : undefined;
    if (!s) throw new MissingData(`${id}(${panelId}) series ${key} not available`);
    return s;
  };
  const finite = (v: number, what: string): number => {
    if (!Number.isFinite(v)) throw new MissingData(`${what} not covered by the data`);
    return v;
  };
  return {
    figure,
    curve,
    distribution,
    auc(id, panelId, key, from, to) {
      const s = curve(id, panelId, key);
      const value = finite(
        windowAuc(s.x, s.mean, from, to),
        `${id}(${panelId}) ${key} AUC[${from},${to}]`,
      );
      return estimate(
        value,
        s.perSeed.map((row) => windowAuc(s.x, row, from, to)),
      );
    },
    abar(id, panelId, key, k) {
      const s = curve(id, panelId, key);
      const value = finite(abar(s.x, s.mean, k), `${id}(${panelId}) ${key} at k = ${k}`);
      return estimate(
        value,
        s.perSeed.map((row) => abar(s.x, row, k)),
      );
    },
    median(id, panelId, key) {
      const s = distribution(id, panelId, key);
      const value = finite(stats.median(s.values), `${id}(${panelId}) ${key} median`);
      return estimate(value, s.perSeedMedian);
    },
    extra(id, key) {
      const raw = figure(id).extras[key];
      const perSeed = typeof raw === 'number' ? [raw] : raw;
      if (!perSeed || perSeed.length === 0)
        throw new MissingData(`${id} extra ${key} not available`);
      return estimate(finite(mean(perSeed), `${id} extra ${key}`), perSeed);
    },
  };
}
