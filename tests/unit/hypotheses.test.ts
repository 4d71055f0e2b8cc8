/**
 * Our hypotheses H1-H7 (src/lib/claims/hypotheses.ts): kept apart from the paper's claims, evaluated
 * by the same rule, and each able to hold, fail and be inconclusive on figure data built for it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CLAIMS,
  evaluateClaims,
  evaluateHypotheses,
  type FigureSet,
  HYPOTHESES,
  hypothesesForFigure,
  verdictText,
  verdictWithMargin,
} from '../../src/lib/claims';
import type { CurveSeries, FigureData, FigureId, Panel } from '../../src/lib/figure-data';
import { figureSpec } from '../../src/lib/figures';
import { syntheticFigure } from '../fixtures/synthetic';

const NETS = 6;
const x = Array.from({ length: 101 }, (_, k) => k);
/** Per-net curves 97 - slope k (+ a small per-net wobble), as an ablation panel would give. */
function line(key: string, slope: number): CurveSeries {
  return series(key, x, (k) => 97 - slope * k);
}
/** Per-net curves f(k) (+ a small per-net wobble) on the grid `grid`. */
function series(key: string, grid: number[], f: (k: number) => number): CurveSeries {
  const perSeed = Array.from({ length: NETS }, (_, s) => grid.map((k) => f(k) + 0.01 * s));
  const mean = grid.map((_, i) => perSeed.reduce((sum, r) => sum + r[i], 0) / NETS);
  return { key, label: key, x: grid, mean, sd: grid.map(() => 0.01), perSeed };
}
/** The series with each net's curve moved by its own amount (so paired differences vary by net). */
function jitter(s: CurveSeries, amount: number): CurveSeries {
  const perSeed = s.perSeed.map((row, seed) => row.map((v) => v + amount * (((seed * 7) % 5) - 2)));
  const mean = s.x.map((_, i) => perSeed.reduce((sum, r) => sum + r[i], 0) / perSeed.length);
  return { ...s, perSeed, mean };
}
const curves = (id: string, series: CurveSeries[]): Panel => ({
  kind: 'curves',
  id,
  title: id,
  xLabel: 'k',
  yLabel: 'acc',
  series,
});
const perNet = (value: number) => Array.from({ length: NETS }, (_, s) => value + 0.001 * s);
function figure(id: FigureId, panels: Panel[], extras: FigureData['extras']): FigureData {
  const spec = figureSpec(id);
  return { ...syntheticFigure(id, NETS), activation: spec.activation, panels, extras };
}

/** Fig. 15's pruned totals, its checkpoints (steps) and its budget (epochs, in the run's settings). */
const PRUNED = [0, 15, 30, 45, 60, 75, 90];
function retraining(gap: number, epochs: number) {
  const zero = (k: number) => 97 - 0.3 * k;
  const tuned = (k: number) => 97 - 0.05 * k;
  // bias balancing gains 0.8 (or 0.2) of what fine-tuning from zero gains
  const share = 0.5 + 0.3 * gap;
  const arms = [
    series('zero', PRUNED, zero),
    series('bb', PRUNED, (k) => zero(k) + share * (tuned(k) - zero(k))),
    series('zero-ft', PRUNED, tuned),
    series('bb-ft', PRUNED, (k) => tuned(k) + (gap > 0 ? 0.1 : 2)),
  ];
  const steps = [0, 10, 30, 100, 300, 1000, Math.round(1563 * epochs)];
  const c = ['zero-45', 'bb-45', 'zero-90', 'bb-90'].map((key) => series(key, steps, () => 90));
  const fig = figure('fig15', [curves('a', arms), curves('b', arms), curves('c', c)], {});
  return { ...fig, meta: { ...fig.meta, fineTuneEpochs: epochs } };
}

/** Figures 11-15 on which every hypothesis holds; `gap` < 0 turns each effect around. */
function data(gap = 1, epochs = 1): FigureSet {
  const criteria = [
    line('mi', 0.1 - 0.05 * gap),
    ...['l1-in', 'l2-in', 'l2-out', 'mean', 'apoz'].map((key) => line(key, 0.1)),
  ];
  const worst = [line('class-covering', 0.1 - 0.02 * gap), line('klsel', 0.1), line('mi', 0.1)];
  const layer2 = [line('cmim', 0.05 - 0.01 * gap), line('mi', 0.05), line('random', 0.05)];
  const redundancy = (activation: string) => ({
    [`redShare-${activation}-layer1`]: perNet(0.25),
    [`redShare-${activation}-layer2`]: perNet(0.25 + 0.05 * gap),
  });
  return {
    fig11: figure('fig11', [curves('e', worst)], {
      'chi2-layer1': perNet(gap > 0 ? 60 : 8),
      'chi2-layer2': perNet(gap > 0 ? 45 : 8),
    }),
    fig12: figure('fig12', [curves('c', layer2), curves('d', layer2)], {}),
    fig13: figure('fig13', [], { ...redundancy('sigmoid'), ...redundancy('relu') }),
    fig14: figure('fig14', [curves('a', criteria), curves('b', criteria)], {}),
    fig15: retraining(gap, epochs),
  };
}

describe('our hypotheses', () => {
  it('are H1-H7, apart from the claims, each under a figure', () => {
    expect(HYPOTHESES.map((h) => h.id)).toEqual(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7']);
    expect(hypothesesForFigure('fig15').map((h) => h.id)).toEqual(['H6', 'H7']);
    expect(CLAIMS.some((c) => c.id.startsWith('H'))).toBe(false);
    expect(evaluateClaims({}).map((r) => r.id)).not.toContain('H1');
    expect(hypothesesForFigure('fig11').map((h) => h.id)).toEqual(['H1', 'H2']);
    expect(() => evaluateHypotheses({}, ['C1'])).toThrow(/C1/);
  });

  it.each(HYPOTHESES.map((h) => h.id))('%s holds where its effect is there', (id) => {
    const [r] = evaluateHypotheses(data(1), [id]);
    expect(r.verdict, r.measured).toBe('reproduced');
    expect(verdictText(r.verdict, true)).toBe('holds');
  });

  it.each(HYPOTHESES.map((h) => h.id))('%s does not hold where its effect is reversed', (id) => {
    const [r] = evaluateHypotheses(data(-1), [id]);
    expect(r.verdict, r.measured).toBe('not reproduced');
    expect(verdictText(r.verdict, true)).toBe('does not hold');
  });

  it.each(HYPOTHESES.map((h) => h.id))('%s is inconclusive without its figure', (id) => {
    const [r] = evaluateHypotheses({}, [id]);
    expect(r.verdict).toBe('inconclusive');
    expect(r.measured).toMatch(/missing/);
  });

  it.each(['H6', 'H7'])(
    '%s is inconclusive when the rerun fine-tuned for less than an epoch',
    (id) => {
      const [r] = evaluateHypotheses(data(1, 0.3), [id]);
      expect(r.verdict).toBe('inconclusive');
      expect(r.measured).toMatch(/0\.3 epochs/);
    },
  );

  it('H5 names the best library criterion it was held against', () => {
    const set = data(1);
    const a = set.fig14!.panels[0];
    if (a.kind !== 'curves') throw new Error('curves expected');
    a.series = a.series.map((s) => (s.key === 'apoz' ? line('apoz', 0.01) : s));
    const [r] = evaluateHypotheses(set, ['H5']);
    expect(r.measured).toMatch(/sigmoid layer 1: AUC\[0,50\] low MI - apoz/);
    expect(r.verdict).toBe('not reproduced');
  });

  it('H6 reads every pruned total, not the pooled share: a share that falls below half at k = 75 fails', () => {
    const set = data(1);
    // layer 1: bias balancing gains 90 % of fine-tuning's gain up to 60 pruned neurons, 20 % at 75;
    // fine-tuning's gain grows with k, so the gain-weighted share over 15..75 is still about 0.67
    const zero = (k: number) => 97 - 0.3 * k;
    const tuned = (k: number) => 97 - 0.05 * k;
    const share = (k: number) => (k === 75 ? 0.2 : 0.9);
    const b = set.fig15!.panels[1];
    if (b.kind !== 'curves') throw new Error('curves expected');
    b.series = b.series.map((s) =>
      s.key === 'bb'
        ? jitter(
            series('bb', PRUNED, (k) => zero(k) + share(k) * (tuned(k) - zero(k))),
            0.1,
          )
        : s,
    );
    const pooled =
      [15, 30, 45, 60, 75].reduce((sum, k) => sum + share(k) * (tuned(k) - zero(k)), 0) /
      [15, 30, 45, 60, 75].reduce((sum, k) => sum + (tuned(k) - zero(k)), 0);
    expect(pooled).toBeGreaterThan(0.5);
    const [r] = evaluateHypotheses(set, ['H6']);
    expect(r.verdict, r.measured).toBe('not reproduced');
    expect(r.measured).toMatch(/layer 1, k = 75 \(share 0\.20\): .* - fails/);
    expect(r.measured).toMatch(/layer 1, k = 60 \(share 0\.90\)/);
    // every condition has a margin; the verdict's is the smallest, at k = 75
    expect(r.margin).toBeLessThan(-1);
    expect(r.values['layer1.halfGain.k75']).toBeCloseTo((0.2 - 0.5) * (0.25 * 75), 1);
  });

  it('a verdict carries the smallest margin of its conditions, in standard errors', () => {
    const set = data(1);
    for (const panel of set.fig15!.panels.slice(0, 2)) {
      if (panel.kind === 'curves') {
        panel.series = panel.series.map((s) => (s.key === 'bb-ft' ? jitter(s, 0.02) : s));
      }
    }
    const [r] = evaluateHypotheses(set, ['H7']);
    const margins = [...r.measured.matchAll(/margin ([+−])(\d+\.\d) SE/g)].map(
      (m) => (m[1] === '−' ? -1 : 1) * Number(m[2]),
    );
    expect(margins.length).toBe(2);
    expect(r.margin).not.toBeNull();
    expect(Number(r.margin!.toFixed(1))).toBe(Math.min(...margins));
    expect(verdictWithMargin(r, true)).toMatch(/^holds \(\+\d+\.\d SE\)$/);
  });

  it('docs/claims.md carries every hypothesis test text verbatim', () => {
    const doc = readFileSync(new URL('../../docs/claims.md', import.meta.url), 'utf8');
    for (const h of HYPOTHESES) expect(doc, h.id).toContain(h.test.replaceAll('|', '\\|'));
  });
});
