/**
 * Numbers the report's text quotes, read from figure data (never typed by hand) through the same
 * figure reader as the claims (src/lib/claims/reader.ts): net-averaged accuracy at k, AUC over a
 * window, pooled medians (docs/method.md §7: Abar(k), AUC[a,b]). So the text and the verdicts read
 * a curve the same way, coverage guard included: a window the grid does not cover reads "n/a".
 */
import { figureReader, MissingData } from '../lib/claims/reader';
import type { Estimate } from '../lib/claims/verdict';
import type { CurveSeries, FigureData, FigureId, RunMeta } from '../lib/figure-data';
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

/**
 * One number the text quotes, as the components <Stat>, <Auc>, <Median> and <RunInfo> take it. The
 * page writes it on the element (data-number), so the reader's rerun can be read the same way.
 */
export type Reading =
  | {
      kind: 'value';
      figure: FigureId;
      panel: string;
      series: string;
      at: number;
      digits: number;
      minus?: { figure?: FigureId; panel?: string; series?: string; at?: number };
    }
  | {
      kind: 'auc';
      figure: FigureId;
      panel: string;
      series: string;
      from: number;
      to?: number;
      digits: number;
      minus?: { figure?: FigureId; panel?: string; series?: string };
    }
  | {
      kind: 'median';
      figure: FigureId;
      panel: string;
      series: string;
      digits: number;
      unit: 'bits' | 'fraction';
      minus?: { figure?: FigureId; panel?: string; series: string };
    }
  | { kind: 'meta'; figure: FigureId; field: keyof RunMeta }
  | { kind: 'extra'; figure: FigureId; key: string; digits: number; unit: string };

/** The figures a reading reads: its own, and that of its `minus` term. */
export function readingFigures(r: Reading): FigureId[] {
  const other = 'minus' in r ? r.minus?.figure : undefined;
  return other && other !== r.figure ? [r.figure, other] : [r.figure];
}

/** The value of a reading on the figures `dataOf` gives (published at build time, or a rerun). */
export function readNumber(
  r: Reading,
  dataOf: (figure: FigureId) => FigureData | undefined,
): number | string | undefined {
  if (r.kind === 'meta') return dataOf(r.figure)?.meta[r.field];
  if (r.kind === 'extra') {
    // one value per network: their mean, as the claims read it
    const raw = dataOf(r.figure)?.extras[r.key];
    const values = typeof raw === 'number' ? [raw] : (raw ?? []);
    return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
  }
  const ref = (f: FigureId, panel: string, series: string) => ({ figure: f, panel, series });
  const other = r.minus?.figure ?? r.figure;
  const panel = r.minus?.panel ?? r.panel;
  const series = r.minus?.series ?? r.series;
  if (r.kind === 'value') {
    const one = valueAt(dataOf(r.figure), ref(r.figure, r.panel, r.series) as CurveRef, r.at);
    if (!r.minus) return one;
    return one - valueAt(dataOf(other), ref(other, panel, series) as CurveRef, r.minus.at ?? r.at);
  }
  if (r.kind === 'auc') {
    const area = (f: FigureId, p: string, s: string) =>
      areaUnder(dataOf(f), ref(f, p, s) as CurveRef, r.from, r.to);
    const one = area(r.figure, r.panel, r.series);
    return r.minus ? one - area(other, panel, series) : one;
  }
  const med = (f: FigureId, p: string, s: string) =>
    pooledMedian(dataOf(f), ref(f, p, s) as DistributionRef);
  const one = med(r.figure, r.panel, r.series);
  return r.minus ? one - med(other, panel, series) : one;
}

/** A reading's value as the text shows it: "83.9 %", "+2.4 points", "0.25 bits", "20". */
export function formatReading(r: Reading, value: number | string | undefined): string {
  if (r.kind === 'meta') {
    if (value === undefined) return 'n/a';
    if (typeof value === 'number') return new Intl.NumberFormat('en').format(value);
    return r.field === 'createdAt' ? value.slice(0, 10) : value;
  }
  const v = typeof value === 'number' ? value : Number.NaN;
  if (!Number.isFinite(v)) return 'n/a';
  if (r.kind === 'extra') return `${formatNumber(v, r.digits)}${r.unit ? ` ${r.unit}` : ''}`;
  if (r.kind === 'median') {
    return `${formatNumber(v, r.digits, Boolean(r.minus))}${r.unit === 'bits' ? ' bits' : ''}`;
  }
  return r.minus ? `${formatNumber(v, r.digits, true)} points` : `${formatNumber(v, r.digits)} %`;
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
