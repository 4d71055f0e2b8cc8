/**
 * Interval panels: one estimate per series with its standard error over networks, sorted, in groups.
 * Made for Fig. 14's summary: each criterion's AUC[window] (docs/method.md §7) in each of the
 * figure's curve panels, so nine overlapping bands become nine dots in order. Derived from the
 * seed's curves (`pick` reads the whole record), so the panel needs nothing from the producers and
 * says exactly what the curve panels say.
 */
import { auc, meanAndSe } from '../stats';
import type { CurvePoints } from './curves';
import type { PanelKind, PanelSpec } from './types';

export interface IntervalEstimate {
  key: string;
  label: string;
  mean: number;
  /** Standard error of the mean over networks; 0 with one network. */
  se: number;
  /** One value per network (seed); dropped from the page's copy. */
  perSeed: number[];
}

export interface IntervalGroup {
  /** The curve panel summarised, e.g. 'a'. */
  panel: string;
  label: string;
  /** Highest mean first. */
  estimates: IntervalEstimate[];
}

export interface IntervalsPanel {
  kind: 'intervals';
  id: string;
  title: string;
  xLabel: string;
  window: [number, number];
  /** The series in the catalog's order, which gives each its colour (as in the curve panels). */
  series: { key: string; label: string }[];
  groups: IntervalGroup[];
}

type SeedCurves = Record<string, Record<string, CurvePoints>>;

function windowOf(spec: PanelSpec): [number, number] {
  if (!spec.window || !spec.summarises) {
    throw new Error(`intervals panel ${spec.id} needs "summarises" and "window" in the catalog`);
  }
  return [spec.window[0], spec.window[1]];
}

export const intervals: PanelKind<IntervalsPanel, SeedCurves> = {
  seedField: 'curves',
  pick: (field) => (field ?? {}) as SeedCurves,
  assemble: (spec, seeds) => {
    const [from, to] = windowOf(spec);
    return {
      kind: 'intervals',
      id: spec.id,
      title: spec.title,
      xLabel: spec.xLabel ?? '',
      window: [from, to],
      series: spec.series.map(({ key, label }) => ({ key, label })),
      groups: (spec.summarises ?? []).map(({ panel, label }) => ({
        panel,
        label,
        estimates: spec.series
          .map((s): IntervalEstimate => {
            const perSeed = seeds.map((seed) => {
              const c = seed[panel]?.[s.key];
              if (!c) throw new Error(`intervals ${spec.id}: no curve ${panel}/${s.key}`);
              return auc(c.x, c.y, from, to);
            });
            return { key: s.key, label: s.label, ...meanAndSe(perSeed), perSeed };
          })
          .sort((p, q) => q.mean - p.mean),
      })),
    };
  },
  slim: (panel, round) => ({
    ...panel,
    groups: panel.groups.map((g) => ({
      ...g,
      estimates: g.estimates.map((e) => ({
        ...e,
        mean: round(e.mean),
        se: round(e.se),
        perSeed: [],
      })),
    })),
  }),
  csv: (panel, row) => {
    for (const g of panel.groups) {
      for (const e of g.estimates) {
        row(e.key, e.label, g.label, 'mean', e.mean);
        row(e.key, e.label, g.label, 'se', e.se);
      }
    }
  },
  // The largest difference of an estimate's mean, in the curves' unit (points of accuracy).
  deviation: (rerun, published) => {
    let value: number | null = null;
    let where = '';
    for (const g of rerun.groups) {
      const p = published.groups.find((h) => h.panel === g.panel);
      if (!p) return { missing: g.label };
      for (const e of g.estimates) {
        const q = p.estimates.find((f) => f.key === e.key);
        if (!q) return { missing: `${g.label}/${e.label}` };
        const d = Math.abs(e.mean - q.mean);
        if (value === null || d > value) {
          value = d;
          where = `${g.panel}/${e.key}`;
        }
      }
    }
    return { value, where };
  },
};
