import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CLAIMS,
  claimsForFigure,
  evaluateClaims,
  type FigureSet,
  hypothesesForFigure,
} from '../../src/lib/claims';
import { abar, windowAuc } from '../../src/lib/claims/reader';
import { absolute, combine, conditionStatus, estimate, minus } from '../../src/lib/claims/verdict';
import type {
  CurveSeries,
  DistributionSeries,
  FigureData,
  FigureId,
  Panel,
  RunMeta,
} from '../../src/lib/figure-data';
import { FIGURES, figureSpec, isComposite } from '../../src/lib/figures';
import { rng } from '../fixtures/synthetic';

// ---------------------------------------------------------------------------------------------
// Synthetic figure data. Accuracy curves are 97 - 87 (k / n)^p: a larger p keeps accuracy longer
// (AUC over the full range ~ 97 - 87 / (p + 1)). Each net gets its own p (jittered by a seeded
// generator), and the mean curve is the mean of the per-net curves, as the engine stores them.

const SEEDS = 6;

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

const grid = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/** A curve series from a per-net function of k. */
function curveFrom(
  key: string,
  x: number[],
  f: (k: number, seed: number) => number,
  seeds = SEEDS,
): CurveSeries {
  const perSeed = Array.from({ length: seeds }, (_, s) => x.map((k) => f(k, s)));
  const mean = x.map((_, i) => perSeed.reduce((sum, row) => sum + row[i], 0) / seeds);
  const sd = x.map((_, i) =>
    Math.sqrt(
      perSeed.reduce((sum, row) => sum + (row[i] - mean[i]) ** 2, 0) / Math.max(1, seeds - 1),
    ),
  );
  return { key, label: key, x, mean, sd, perSeed };
}

/** An ablation curve 97 - 87 (k/n)^p with the exponent jittered per net by +-jitter. */
function power(key: string, x: number[], p: number, jitter = 0.05, seeds = SEEDS): CurveSeries {
  const random = rng(hash(`${key}:${p}`));
  const ps = Array.from({ length: seeds }, () => p + jitter * (2 * random() - 1));
  const n = x[x.length - 1];
  return curveFrom(key, x, (k, s) => 97 - 87 * (k / n) ** ps[s], seeds);
}

/** Pooled (net x neuron) values around `center`, spread +-0.1, with per-net medians. */
function distribution(key: string, center: number, seeds = SEEDS): DistributionSeries {
  const random = rng(hash(`${key}:${center}`));
  const perNet = Array.from({ length: seeds }, () => {
    const shift = 0.01 * (2 * random() - 1);
    return Array.from({ length: 21 }, (_, j) => center + shift + (j - 10) * 0.01);
  });
  const medianOf = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
  return { key, label: key, values: perNet.flat(), perSeedMedian: perNet.map(medianOf) };
}

/** Per-net extras around `center` (+-0.02). */
function extra(center: number, seeds = SEEDS, spread = 0.02): number[] {
  const random = rng(hash(`extra:${center}`));
  return Array.from({ length: seeds }, () => center + spread * (2 * random() - 1));
}

const META: RunMeta = {
  preset: 'smoke',
  seeds: SEEDS,
  epochs: 0,
  trainSamples: 0,
  validationSamples: 0,
  testSamples: 0,
  l2: 0,
  backend: 'cpu',
  adapter: '',
  browser: 'vitest',
  durationMs: 0,
  networks: 'trained',
  commit: '',
  createdAt: '',
};

function figure(id: FigureId, panels: Panel[], extras: FigureData['extras'] = {}): FigureData {
  const spec = figureSpec(id);
  return { figure: id, title: spec.title, activation: spec.activation, meta: META, panels, extras };
}

const curves = (id: string, series: CurveSeries[]): Panel => ({
  kind: 'curves',
  id,
  title: id,
  xLabel: 'k',
  yLabel: 'acc',
  series,
});

const distributions = (id: string, measure: string, layer1: number, layer2: number): Panel => ({
  kind: 'distribution',
  id,
  title: id,
  xLabel: measure,
  series: [distribution(`layer1-${measure}`, layer1), distribution(`layer2-${measure}`, layer2)],
});

/** Powers per series key of one panel. */
type Powers = Record<string, number>;
const panelOf = (id: string, x: number[], powers: Powers): Panel =>
  curves(
    id,
    Object.entries(powers).map(([key, p]) => power(key, x, p)),
  );

const K100 = grid(0, 100);
const K200 = grid(0, 200);
const K99 = grid(0, 99);
const TOTALS = grid(0, 150, 3);

/** Data shaped like the paper's figures, on which every claim holds. */
function paperLike(): FigureSet {
  return {
    fig1: figure('fig1', [
      panelOf('a', K100, { 'random-bb': 2, 'random-zero': 1, 'low-mi-bb': 3, 'low-mi-zero': 1.5 }),
      panelOf('b', K100, { 'random-bb': 4, 'random-zero': 2, 'low-mi-bb': 5, 'low-mi-zero': 2 }),
    ]),
    fig2: figure('fig2', [
      distributions('a', 'entropy', 0.3, 0.6),
      distributions('b', 'mi', 0.1, 0.4),
      distributions('c', 'klsel', 0.3, 0.8),
    ]),
    fig3: figure('fig3', [panelOf('a', K200, { entropy: 1.8, mi: 1, klsel: 1.5, random: 2 })], {
      layer1ShareLowestMI: extra(0.9),
    }),
    fig4: figure('fig4', [
      panelOf('a', K100, { entropy: 2.1, mi: 3, klsel: 2.8, random: 2 }),
      panelOf('b', K100, { entropy: 5, mi: 7, klsel: 8, random: 6 }),
      panelOf('c', K100, { entropy: 1.9, mi: 1.2, klsel: 1.3, random: 2 }),
      panelOf('d', K100, { entropy: 5.5, mi: 3, klsel: 4, random: 6 }),
    ]),
    fig5: figure('fig5', [
      panelOf('a', TOTALS, {
        'hybrid-bb': 3,
        'hybrid-zero': 1.2,
        'mi-bb': 2.8,
        'mi-zero': 1.3,
        'merge-surgery': 3.1,
        'merge-no-surgery': 1.5,
      }),
    ]),
    fig6: figure(
      'fig6',
      [panelOf('a', K100, { 'bins-2': 3, 'bins-4': 3.2, 'bins-8': 2.9, 'bins-20': 3.3 })],
      {
        'spearman-4': extra(0.9),
        'spearman-8': extra(0.85),
        'spearman-20': extra(0.8),
      },
    ),
    fig7: figure(
      'fig7',
      [
        { kind: 'histograms', id: 'a-h', title: 'layer 1', neurons: [] },
        { kind: 'histograms', id: 'i-p', title: 'layer 2', neurons: [] },
      ],
      {
        'saturation-layer1': extra(0.6),
        'saturation-layer2': extra(0.3),
        'entropy20-layer1': extra(1.5),
        'entropy20-layer2': extra(2.5),
      },
    ),
    fig8: figure('fig8', [
      distributions('a', 'entropy', 0.8, 0.82),
      distributions('b', 'mi', 0.2, 0.3),
      distributions('c', 'klsel', 0.5, 0.7),
    ]),
    fig9: figure('fig9', [
      panelOf('a', K100, {
        'random-bb': 1.9,
        'random-zero': 2,
        'low-mi-bb': 2.8,
        'low-mi-zero': 3,
      }),
      panelOf('b', K100, { 'random-bb': 3, 'random-zero': 6, 'low-mi-bb': 3.5, 'low-mi-zero': 7 }),
    ]),
    fig10: figure('fig10', [
      panelOf('a', K99, {
        entropy: 2,
        mi: 2.6,
        klsel: 2.4,
        'merge-surgery': 2.5,
        'merge-no-surgery': 1.5,
      }),
      panelOf('b', K99, {
        entropy: 2,
        mi: 2.1,
        klsel: 2,
        'merge-surgery': 2,
        'merge-no-surgery': 2.2,
      }),
      panelOf('c', K99, {
        entropy: 4,
        mi: 5,
        klsel: 5.5,
        'merge-surgery': 5,
        'merge-no-surgery': 3,
      }),
      panelOf('d', K99, {
        entropy: 4,
        mi: 5,
        klsel: 3,
        'merge-surgery': 4,
        'merge-no-surgery': 4.5,
      }),
    ]),
  };
}

/** Replaces one series of a curve panel with a power curve of exponent p. */
function setCurve(data: FigureSet, id: FigureId, panel: string, key: string, p: number): void {
  const target = data[id]!.panels.find((q) => q.id === panel);
  if (target?.kind !== 'curves') throw new Error(`no curve panel ${id}(${panel})`);
  const i = target.series.findIndex((s) => s.key === key);
  target.series[i] = power(key, target.series[i].x, p);
}

/** Replaces one series of a distribution panel. */
function setDistribution(
  data: FigureSet,
  id: FigureId,
  panel: string,
  key: string,
  center: number,
): void {
  const target = data[id]!.panels.find((q) => q.id === panel);
  if (target?.kind !== 'distribution') throw new Error(`no distribution panel ${id}(${panel})`);
  const i = target.series.findIndex((s) => s.key === key);
  target.series[i] = distribution(key, center);
}

// For each claim, one edit of the paper-like data that breaks it clearly.
const BREAKS: Record<string, (d: FigureSet) => void> = {
  C1: (d) => setCurve(d, 'fig1', 'a', 'random-zero', 2),
  C2: (d) => setCurve(d, 'fig1', 'b', 'random-zero', 4),
  C3: (d) => setDistribution(d, 'fig2', 'b', 'layer2-mi', 0.1),
  C4: (d) => setCurve(d, 'fig3', 'a', 'mi', 2),
  C5: (d) => setCurve(d, 'fig3', 'a', 'klsel', 0.8),
  C6: (d) => {
    d.fig3!.extras.layer1ShareLowestMI = extra(0.5);
  },
  C7: (d) => setCurve(d, 'fig4', 'a', 'mi', 2),
  C8: (d) => setCurve(d, 'fig4', 'c', 'mi', 2),
  C9: (d) => setCurve(d, 'fig4', 'b', 'random', 2),
  C10: (d) => setCurve(d, 'fig4', 'b', 'klsel', 1.5),
  C11: (d) => setCurve(d, 'fig4', 'd', 'mi', 4.5),
  C12: (d) => setCurve(d, 'fig4', 'b', 'klsel', 4),
  C13: (d) => setCurve(d, 'fig4', 'a', 'entropy', 4),
  C14: (d) => setCurve(d, 'fig4', 'd', 'entropy', 3),
  C15: (d) => setCurve(d, 'fig5', 'a', 'hybrid-zero', 3),
  C16: (d) => setCurve(d, 'fig5', 'a', 'hybrid-bb', 2),
  C17: (d) => setCurve(d, 'fig5', 'a', 'merge-surgery', 1.5),
  C18: (d) => setCurve(d, 'fig6', 'a', 'bins-20', 1.5),
  C19: (d) => {
    d.fig7!.extras['saturation-layer2'] = extra(0.6);
  },
  C20: (d) => setDistribution(d, 'fig8', 'a', 'layer2-entropy', 1.2),
  C21: (d) => setCurve(d, 'fig9', 'b', 'random-bb', 6),
  C22: (d) => setCurve(d, 'fig9', 'a', 'random-bb', 1),
  C23: (d) => setCurve(d, 'fig10', 'a', 'merge-no-surgery', 2.5),
  C24: (d) => setCurve(d, 'fig10', 'b', 'merge-no-surgery', 1),
  C25: (d) => setCurve(d, 'fig10', 'a', 'mi', 1),
  C26: (d) => setCurve(d, 'fig10', 'b', 'klsel', 0.5),
  C27: (d) => setCurve(d, 'fig10', 'd', 'klsel', 6),
};

const ALL_IDS = Array.from({ length: 27 }, (_, i) => `C${i + 1}`);
const single = (data: FigureSet, id: string) => evaluateClaims(data, [id])[0];

// ---------------------------------------------------------------------------------------------

describe('helpers', () => {
  it('windowAuc is the AUC of stats.ts, NaN when the grid misses the window', () => {
    const x = grid(0, 4);
    expect(windowAuc(x, [1, 2, 3, 4, 5], 0, 4)).toBe(3);
    expect(windowAuc(x, [1, 2, 3, 4, 5], 1, 2)).toBe(2.5);
    expect(windowAuc([0, 3, 6], [10, 20, 30], 0, 3)).toBe(15);
    expect(windowAuc([0, 1], [1, 2], 0, 5)).toBeNaN();
    expect(windowAuc([0, 1], [1], 0, 1)).toBeNaN();
  });

  it('abar reads a grid point and interpolates between points', () => {
    expect(abar([0, 3, 6], [10, 20, 30], 3)).toBe(20);
    expect(abar([0, 3, 6], [10, 20, 30], 4)).toBeCloseTo(20 + 10 / 3);
    expect(abar([0, 3, 6], [10, 20, 30], 7)).toBeNaN();
  });

  it('estimate gives SE = sd / sqrt(n) from 2 nets on, none for one net', () => {
    expect(estimate(2, [1, 3]).se).toBeCloseTo(1);
    expect(estimate(2, [2]).se).toBeNull();
  });

  it('paired differences are per net; unpaired add SEs in quadrature', () => {
    const a = estimate(3, [2, 4]);
    const b = estimate(1, [1, 1]);
    expect(minus(a, b).perSeed).toEqual([1, 3]);
    const unpaired = minus(a, b, false);
    expect(unpaired.perSeed).toBeNull();
    expect(unpaired.se).toBeCloseTo(1);
    expect(combine([[1, a]], 0, true).value).toBe(3);
  });

  it('absolute flips per-net values by the sign of the mean, keeping the SE', () => {
    const d = absolute(estimate(-2, [-1, -3]));
    expect(d.value).toBe(2);
    expect(d.perSeed).toEqual([1, 3]);
    expect(d.se).toBeCloseTo(1);
  });

  it('conditionStatus: noise when the threshold lies within one SE', () => {
    const cond = (value: number, perSeed: number[] | null) => ({
      key: 'k',
      label: 'k',
      estimate: estimate(value, perSeed),
      op: '>=' as const,
      threshold: 3,
      unit: 'pts' as const,
    });
    expect(conditionStatus(cond(3.5, [2.5, 4.5]))).toBe('noise');
    expect(conditionStatus(cond(5, [4.5, 5.5]))).toBe('pass');
    expect(conditionStatus(cond(1, [0.5, 1.5]))).toBe('fail');
    expect(conditionStatus(cond(3.1, [3.1]))).toBe('pass');
    expect(conditionStatus(cond(Number.NaN, null))).toBe('noise');
  });
});

describe('the claim catalog', () => {
  it('has C1-C27 once each, with texts and figures', () => {
    expect(CLAIMS.map((c) => c.id)).toEqual(ALL_IDS);
    for (const c of CLAIMS) {
      expect(c.statement.length).toBeGreaterThan(20);
      expect(c.test.length).toBeGreaterThan(10);
      expect(c.figures.length).toBeGreaterThan(0);
    }
  });

  it('evaluateClaims returns all 27 ids, also on empty data', () => {
    const results = evaluateClaims({});
    expect(results.map((r) => r.id)).toEqual(ALL_IDS);
    for (const r of results) {
      expect(r.verdict).toBe('inconclusive');
      expect(r.measured).toMatch(/^missing: /);
    }
  });

  it('evaluateClaims picks the requested ids in catalog order and rejects unknown ones', () => {
    expect(evaluateClaims({}, ['C3', 'C1']).map((r) => r.id)).toEqual(['C1', 'C3']);
    expect(() => evaluateClaims({}, ['C99'])).toThrow(/C99/);
  });

  it('claimsForFigure lists cross-figure claims under each figure', () => {
    expect(claimsForFigure('fig2').map((c) => c.id)).toEqual(['C3', 'C20']);
    expect(claimsForFigure('fig8').map((c) => c.id)).toEqual(['C20']);
    expect(claimsForFigure('fig4').map((c) => c.id)).toEqual([
      'C7',
      'C8',
      'C9',
      'C10',
      'C11',
      'C12',
      'C13',
      'C14',
    ]);
    // every figure is checked: the paper's by claims, ours (Figs. 11-13) by hypotheses only
    // Fig. 16 shows every claim at once, under the variants
    for (const f of FIGURES.filter((f) => !isComposite(f.id))) {
      const checks = claimsForFigure(f.id).length + hypothesesForFigure(f.id).length;
      expect(checks, f.id).toBeGreaterThan(0);
      if (f.number > 10) expect(claimsForFigure(f.id), f.id).toEqual([]);
    }
  });

  it('docs/claims.md carries every claim test text verbatim', () => {
    const doc = readFileSync(new URL('../../docs/claims.md', import.meta.url), 'utf8');
    for (const c of CLAIMS) expect(doc, c.id).toContain(c.test.replaceAll('|', '\\|'));
  });
});

describe('each claim on paper-like data', () => {
  const results = evaluateClaims(paperLike());

  it.each(ALL_IDS)('%s is reproduced', (id) => {
    const r = results.find((q) => q.id === id)!;
    expect(r.verdict, r.measured).toBe('reproduced');
    expect(Object.keys(r.values).length).toBeGreaterThan(0);
    expect(r.measured).not.toMatch(/fails|within noise/);
  });

  it.each(ALL_IDS)('%s is not reproduced when its figure contradicts it', (id) => {
    const data = paperLike();
    BREAKS[id](data);
    const r = single(data, id);
    expect(r.verdict, r.measured).toBe('not reproduced');
    expect(r.measured).toMatch(/fails/);
  });

  it('C18 also fails when the rankings are weakly correlated', () => {
    const data = paperLike();
    data.fig6!.extras['spearman-8'] = extra(0.4);
    expect(single(data, 'C18').verdict).toBe('not reproduced');
  });
});

describe('inconclusive verdicts', () => {
  it.each(ALL_IDS)('%s is inconclusive when one of its figures is missing', (id) => {
    const claim = CLAIMS.find((c) => c.id === id)!;
    for (const fig of claim.figures) {
      const data = paperLike();
      delete data[fig];
      const r = single(data, id);
      expect(r.verdict).toBe('inconclusive');
      expect(r.measured).toContain(`${fig} not available`);
    }
  });

  it('a missing series or extra is inconclusive, naming what is missing', () => {
    const data = paperLike();
    const panel = data.fig4!.panels[1];
    if (panel.kind === 'curves') panel.series = panel.series.filter((s) => s.key !== 'klsel');
    expect(single(data, 'C12').measured).toBe('missing: fig4(b) series klsel not available');
    delete data.fig3!.extras.layer1ShareLowestMI;
    expect(single(data, 'C6').verdict).toBe('inconclusive');
  });

  it('a figure run with the other activation is inconclusive', () => {
    const data = paperLike();
    data.fig1!.activation = 'relu';
    const r = single(data, 'C1');
    expect(r.verdict).toBe('inconclusive');
    expect(r.measured).toMatch(/run with relu/);
  });

  it('a window the x grid does not cover is inconclusive', () => {
    const data = paperLike();
    data.fig10!.panels[3] = panelOf('d', grid(0, 50), { mi: 5, klsel: 3 });
    expect(single(data, 'C27').measured).toMatch(/not covered/);
  });

  // C27 with low-KLsel equal to low-MI on average but nets that disagree by +-5 pts.
  const noisyC27 = (seeds: number, offset: number): FigureSet => {
    const data = paperLike();
    const mi = power('mi', K99, 5, 0.05, seeds);
    const klsel = curveFrom(
      'klsel',
      K99,
      (k, s) => mi.perSeed[s][K99.indexOf(k)] + offset + (s % 2 ? 5 : -5),
      seeds,
    );
    data.fig10!.panels[3] = curves('d', [
      mi,
      klsel,
      ...['entropy', 'merge-surgery', 'merge-no-surgery'].map((key) =>
        power(key, K99, 4, 0.05, seeds),
      ),
    ]);
    return data;
  };

  it('a gap within one SE of the per-net gaps is inconclusive', () => {
    const r = single(noisyC27(6, -0.5), 'C27');
    expect(r.verdict, r.measured).toBe('inconclusive');
    expect(r.measured).toMatch(/within noise/);
    expect(r.values['klselVsMi.se']).toBeGreaterThan(0.5);
  });

  it('the same noise does not hide a gap far beyond one SE', () => {
    expect(single(noisyC27(6, -10), 'C27').verdict).toBe('reproduced');
    expect(single(noisyC27(6, 10), 'C27').verdict).toBe('not reproduced');
  });

  it('with one net the mean alone decides', () => {
    const r = single(noisyC27(1, -0.5), 'C27');
    expect(r.verdict).toBe('reproduced');
    expect(r.values['klselVsMi.se']).toBeUndefined();
  });

  it('a clear failure outweighs a noisy part of the same claim', () => {
    const data = paperLike();
    // C7: the MI part fails clearly, the KLsel part sits at the threshold with noisy nets.
    setCurve(data, 'fig4', 'a', 'mi', 2);
    const random = (data.fig4!.panels[0] as { series: CurveSeries[] }).series.find(
      (s) => s.key === 'random',
    )!;
    const klsel = curveFrom('klsel', K100, (k, s) => random.perSeed[s][k] + (s % 2 ? 3 : -3));
    (data.fig4!.panels[0] as { series: CurveSeries[] }).series[2] = klsel;
    const r = single(data, 'C7');
    expect(r.measured).toMatch(/fails/);
    expect(r.measured).toMatch(/within noise/);
    expect(r.verdict).toBe('not reproduced');
  });

  it('curve claims are inconclusive when their margins sit inside very noisy nets', () => {
    // Paper-like means, but each net's curves shifted by up to +-200 pts, differently per series.
    const data = paperLike();
    for (const fig of Object.values(data)) {
      for (const panel of fig!.panels) {
        if (panel.kind !== 'curves') continue;
        panel.series = panel.series.map((s) => {
          const random = rng(hash(`noise:${fig!.figure}:${panel.id}:${s.key}`));
          const shifts = Array.from({ length: SEEDS }, () => 400 * (random() - 0.5));
          const centred = shifts.map((v) => v - shifts.reduce((a, b) => a + b, 0) / SEEDS);
          return { ...s, perSeed: s.perSeed.map((row, i) => row.map((v) => v + centred[i])) };
        });
      }
    }
    // Not affected: claims read from distributions or extras only (C3, C6, C19, C20), and C10,
    // whose drops compare one series with itself, so a constant shift per net cancels.
    const unaffected = ['C3', 'C6', 'C10', 'C19', 'C20'];
    for (const id of ALL_IDS.filter((i) => !unaffected.includes(i))) {
      const r = single(data, id);
      expect(r.verdict, `${id}: ${r.measured}`).toBe('inconclusive');
    }
  });
});
