/**
 * The published runs: `content/figures/<figId>.json`, read at build time. A figure without a file
 * has no published run yet; the page then shows a placeholder and the build still succeeds.
 * Build-time only (import.meta.glob); the page's client code receives data embedded in the HTML.
 */
import type { FigureData, FigureId } from '../lib/figure-data';
import { FIGURES } from '../lib/figures';
import { slimPanel } from '../lib/panels';

const files = import.meta.glob<FigureData>('../../content/figures/*.json', {
  eager: true,
  import: 'default',
});

const byId: Partial<Record<FigureId, FigureData>> = {};
for (const [path, data] of Object.entries(files)) {
  const id = path
    .split('/')
    .pop()
    ?.replace(/\.json$/, '') as FigureId;
  if (!FIGURES.some((f) => f.id === id)) continue;
  if (!isFigureData(data) || data.figure !== id) {
    throw new Error(`${path} is not FigureData for ${id} (see src/lib/figure-data.ts)`);
  }
  byId[id] = data;
}

/** Every published figure, keyed by id (what the claims are evaluated on). */
export const publishedFigures: Readonly<Partial<Record<FigureId, FigureData>>> = byId;

/** The published run of one figure, or undefined when none has been published yet. */
export function publishedFigure(id: FigureId): FigureData | undefined {
  return byId[id];
}

/**
 * A lighter copy for embedding in the page: without per-seed curves (the page draws means and
 * bands; the full data stays downloadable) and with numbers rounded to 5 significant digits.
 */
export function slimForClient(data: FigureData): FigureData {
  const panels = data.panels.map((p) => slimPanel(p, round));
  return { ...data, panels };
}

/** JSON safe to put inside <script type="application/json">: no "</script" can close it early. */
export function embeddableJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}

function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(5)) : v;
}

function isFigureData(value: unknown): value is FigureData {
  const v = value as FigureData;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.figure === 'string' &&
    Array.isArray(v.panels) &&
    typeof v.meta === 'object'
  );
}
