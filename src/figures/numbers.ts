/**
 * Numbers the report's text quotes, read from figure data (never typed by hand): net-averaged
 * accuracy at k, AUC over a window, pooled medians. The readings match the claims'
 * (METHOD.md section 7: Abar(k), AUC[a,b]), so the text and the verdicts agree.
 */
import type { CurveSeries, DistributionSeries, FigureData, FigureId } from '../lib/figure-data';
import { figureSpec } from '../lib/figures';
import { auc, median } from '../lib/stats';

export function curveOf(
  data: FigureData | undefined,
  panel: string,
  series: string,
): CurveSeries | undefined {
  const p = data?.panels.find((q) => q.id === panel);
  return p?.kind === 'curves' ? p.series.find((s) => s.key === series) : undefined;
}

export function distributionOf(
  data: FigureData | undefined,
  panel: string,
  series: string,
): DistributionSeries | undefined {
  const p = data?.panels.find((q) => q.id === panel);
  return p?.kind === 'distribution' ? p.series.find((s) => s.key === series) : undefined;
}

/** Abar(k): the net-averaged value at x = k (interpolated between grid points); NaN if absent. */
export function valueAt(data: FigureData | undefined, panel: string, series: string, k: number) {
  const s = curveOf(data, panel, series);
  return s ? interpolate(s.x, s.mean, k) : Number.NaN;
}

/** AUC[from, to]: mean of the net-averaged curve over the grid points in the window; NaN if absent. */
export function areaUnder(
  data: FigureData | undefined,
  panel: string,
  series: string,
  from: number,
  to?: number,
) {
  const s = curveOf(data, panel, series);
  return s ? auc(s.x, s.mean, from, to ?? s.x[s.x.length - 1]) : Number.NaN;
}

/** Median of a distribution series pooled over networks and neurons; NaN if absent. */
export function pooledMedian(data: FigureData | undefined, panel: string, series: string) {
  const s = distributionOf(data, panel, series);
  return s && s.values.length > 0 ? median(s.values) : Number.NaN;
}

/** "97.1", or "+2.4" with `signed`; "n/a" for NaN. */
export function formatNumber(value: number, digits: number, signed = false): string {
  if (!Number.isFinite(value)) return 'n/a';
  const text = value.toFixed(digits);
  return signed && value > 0 ? `+${text}` : text.replace(/^-/, '−');
}

// y at x = k, linear between neighbouring grid points (Fig. 5's grid steps by 3); NaN outside.
function interpolate(x: number[], y: number[], k: number): number {
  for (let i = 0; i < x.length; i++) {
    if (x[i] === k) return y[i];
    if (i > 0 && x[i - 1] < k && k < x[i]) {
      return y[i - 1] + ((k - x[i - 1]) / (x[i] - x[i - 1])) * (y[i] - y[i - 1]);
    }
  }
  return Number.NaN;
}

/**
 * Throws unless the catalog (src/lib/figures.ts) has this panel and series: a typo in the report's
 * text must fail the build, not quietly print "n/a".
 */
export function assertInCatalog(figure: FigureId, panel: string, series: string): void {
  const spec = figureSpec(figure).panels.find((p) => p.id === panel);
  if (!spec) throw new Error(`${figure} has no panel "${panel}" in the catalog`);
  if (!spec.series.some((s) => s.key === series)) {
    throw new Error(`${figure}(${panel}) has no series "${series}" in the catalog`);
  }
}
