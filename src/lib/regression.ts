/**
 * How far a regenerated figure is from the published one, and whether that is a regression
 * (`npm run figures -- --check`, and the e2e rerun tests). Pure; tolerances documented in
 * docs/claims.md ("Regression tolerances").
 */
import type { FigureData } from './figure-data';
import { figureSpec, type PanelSpec, type SeriesSpec } from './figures';
import { changedChoices } from './run-options';
import { median } from './stats';

export interface Deviation {
  /** Largest, over the figure's curve series, mean absolute difference of the seed-mean (pts). */
  curves: number;
  /** Largest absolute difference of a distribution series' median (bits). */
  medians: number;
  /** Where the largest curve deviation is, e.g. "b/random-bb". */
  worst: string;
}

/**
 * Tolerances. Same preset as published: only float rounding differs (other backend, other
 * browser), so a fraction of a point. Another preset (fewer seeds, test samples or epochs): the
 * band is wide, it catches broken engines (a curve that does not fall, bits in nats), not noise.
 */
export const TOLERANCE = {
  samePreset: { curves: 0.5, medians: 0.01 },
  otherPreset: { curves: 8, medians: 0.15 },
} as const;

/**
 * Series drawn after fine-tuning are compared only when both runs fine-tuned for the same budget:
 * a smoke rerun's few steps are another experiment than the published epoch, not a regression.
 */
function comparable(rerun: FigureData, published: FigureData, panel: string, key: string): boolean {
  const spec = figureSpec(rerun.figure).panels.find((p) => p.id === panel) as PanelSpec | undefined;
  const series = spec?.series.find((s) => s.key === key) as SeriesSpec | undefined;
  return !series?.fineTuned || rerun.meta.fineTuneEpochs === published.meta.fineTuneEpochs;
}

export function deviation(rerun: FigureData, published: FigureData): Deviation {
  let curves = 0;
  let medians = 0;
  let worst = '';
  for (const panel of rerun.panels) {
    const reference = published.panels.find((p) => p.id === panel.id);
    if (!reference || reference.kind !== panel.kind) {
      return {
        curves: Number.POSITIVE_INFINITY,
        medians: Number.POSITIVE_INFINITY,
        worst: panel.id,
      };
    }
    if (panel.kind === 'curves' && reference.kind === 'curves') {
      for (const s of panel.series) {
        if (!comparable(rerun, published, panel.id, s.key)) continue;
        const r = reference.series.find((t) => t.key === s.key);
        if (!r || r.mean.length !== s.mean.length) {
          return { curves: Number.POSITIVE_INFINITY, medians, worst: `${panel.id}/${s.key}` };
        }
        const d = s.mean.reduce((sum, v, i) => sum + Math.abs(v - r.mean[i]), 0) / s.mean.length;
        if (d > curves) {
          curves = d;
          worst = `${panel.id}/${s.key}`;
        }
      }
    }
    if (panel.kind === 'distribution' && reference.kind === 'distribution') {
      for (const s of panel.series) {
        const r = reference.series.find((t) => t.key === s.key);
        if (!r) return { curves, medians: Number.POSITIVE_INFINITY, worst: `${panel.id}/${s.key}` };
        medians = Math.max(medians, Math.abs(median(s.perSeedMedian) - median(r.perSeedMedian)));
      }
    }
  }
  return { curves, medians, worst };
}

export function withinTolerance(
  rerun: FigureData,
  published: FigureData,
  d = deviation(rerun, published),
) {
  // the narrow band only when the run is the same experiment: same preset and same networks' training
  const same =
    (['preset', 'seeds', 'epochs', 'trainSamples', 'testSamples'] as const).every(
      (key) => rerun.meta[key] === published.meta[key],
    ) &&
    // and none of the paper's open choices changed (absent in older runs: the paper's values)
    changedChoices(rerun.meta)
      .map((c) => `${c.key}=${c.value}`)
      .join() ===
      changedChoices(published.meta)
        .map((c) => `${c.key}=${c.value}`)
        .join();
  const band = same ? TOLERANCE.samePreset : TOLERANCE.otherPreset;
  return { ok: d.curves <= band.curves && d.medians <= band.medians, band };
}
