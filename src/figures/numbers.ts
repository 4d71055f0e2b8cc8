/**
 * Numbers the report's text quotes, read from figure data (never typed by hand) through the same
 * figure reader as the claims (src/lib/claims/reader.ts): net-averaged accuracy at k, AUC over a
 * window, pooled medians (docs/method.md §7: Abar(k), AUC[a,b]). So the text and the verdicts read
 * a curve the same way, coverage guard included: a window the grid does not cover reads "n/a".
 */
import { figureReader, MissingData } from '../lib/claims/reader';
import type { Estimate } from '../lib/claims/verdict';
import type { CurveSeries, FigureData, FigureId } from '../lib/figure-data';
import { figureSpec, type PanelId, type SeriesKey } from '../lib/figures';

/** A curve series of the catalog: figure, curve panel and key, checked by the compiler. */
export type CurveRef = {
  [F in FigureId]: {
    [P in PanelId<F, 'curves'>]: { figure: F; panel: P; series: SeriesKey<F, P> };
  }[PanelId<F, 'curves'>];
}[FigureId];
/** A distribution series of the catalog, likewise. */
export type DistributionRef = {
  [F in FigureId]: {
    [P in PanelId<F, 'distribution'>]: { figure: F; panel: P; series: SeriesKey<F, P> };
  }[PanelId<F, 'distribution'>];
}[FigureId];

/** Abar(k): the net-averaged value at x = k (interpolated between grid points); NaN if absent. */
export function valueAt(data: FigureData | undefined, ref: CurveRef, k: number): number {
  return read(data, ref.figure, (r) => r.abar(ref.figure, ref.panel, ref.series, k));
}

/** AUC[from, to] (to: the grid's end by default); NaN if absent or the grid does not cover it. */
export function areaUnder(
  data: FigureData | undefined,
  ref: CurveRef,
  from: number,
  to?: number,
): number {
  return read(data, ref.figure, (r) => {
    const end = to ?? r.curve(ref.figure, ref.panel, ref.series).x.at(-1) ?? from;
    return r.auc(ref.figure, ref.panel, ref.series, from, end);
  });
}

/** Median of a distribution series pooled over networks and neurons; NaN if absent. */
export function pooledMedian(data: FigureData | undefined, ref: DistributionRef): number {
  return read(data, ref.figure, (r) => r.median(ref.figure, ref.panel, ref.series));
}

/** "97.1", or "+2.4" with `signed`; "n/a" for NaN. */
export function formatNumber(value: number, digits: number, signed = false): string {
  if (!Number.isFinite(value)) return 'n/a';
  const text = value.toFixed(digits);
  return signed && value > 0 ? `+${text}` : text.replace(/^-/, '−');
}

/**
 * Throws unless the catalog (src/lib/figures.ts) has this panel and series: the MDX text is not
 * type-checked, so a typo there must fail the build, not quietly print "n/a".
 */
export function assertInCatalog(figure: FigureId, panel: string, series: string): void {
  const spec = figureSpec(figure).panels.find((p) => p.id === panel);
  if (!spec) throw new Error(`${figure} has no panel "${panel}" in the catalog`);
  if (!spec.series.some((s) => s.key === series)) {
    throw new Error(`${figure}(${panel}) has no series "${series}" in the catalog`);
  }
}

// The reader with the figure-generic keys widened: a Ref above is already checked as a whole.
interface RefReader {
  curve(id: FigureId, panel: string, key: string): CurveSeries;
  auc(id: FigureId, panel: string, key: string, from: number, to: number): Estimate;
  abar(id: FigureId, panel: string, key: string, k: number): Estimate;
  median(id: FigureId, panel: string, key: string): Estimate;
}

// One reading of one figure's data, NaN where the reader finds it missing.
function read(
  data: FigureData | undefined,
  figure: FigureId,
  reading: (r: RefReader) => { value: number },
): number {
  try {
    return reading(figureReader({ [figure]: data }) as unknown as RefReader).value;
  } catch (error) {
    if (error instanceof MissingData) return Number.NaN;
    throw error;
  }
}
