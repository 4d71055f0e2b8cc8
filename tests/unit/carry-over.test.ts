/**
 * What carries over from MNIST to Fashion-MNIST (src/lib/carry-over.ts, #24): each check evaluated
 * on each data set's own figures; a Fashion-MNIST run built to differ in one claim differs in
 * exactly that one; the intact accuracy is read from Figs. 1 and 9 of each run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fashionFigures } from '../../src/figures/fashion';
import { carryOver } from '../../src/lib/carry-over';
import { CLAIMS, type FigureSet, HYPOTHESES } from '../../src/lib/claims';
import type { FigureData } from '../../src/lib/figure-data';
import { FIGURE_IDS } from '../../src/lib/figures';

const published: FigureSet = Object.fromEntries(
  FIGURE_IDS.flatMap((id) => {
    const file = `content/figures/${id}.json`;
    return existsSync(file) ? [[id, JSON.parse(readFileSync(file, 'utf8')) as FigureData]] : [];
  }),
);

describe('carry-over between data sets', () => {
  it('finds every verdict the same when both runs are the same', () => {
    const { checks, accuracy } = carryOver(published, published);
    expect(checks).toHaveLength(CLAIMS.length + HYPOTHESES.length);
    expect(checks.every((c) => c.carries && !c.turnsOver)).toBe(true);
    expect(accuracy.map((a) => a.figure)).toEqual(['fig1', 'fig9']);
    for (const a of accuracy) expect(a.fashion).toEqual(a.mnist);
  });

  it('names exactly the claim whose figure was made to differ, and reads accuracy from each run', () => {
    // Fig. 6 is read by one claim alone: its AUC gaps between quantisers moved far past threshold
    const onlyFig6 = CLAIMS.filter((c) => c.figures.includes('fig6'));
    expect(onlyFig6).toHaveLength(1);
    const other = structuredClone(published);
    for (const panel of other.fig6!.panels) {
      if (panel.kind !== 'curves') continue;
      for (const s of panel.series) {
        if (s.key === 'bins-2') continue;
        s.mean = s.mean.map((v) => v - 20);
        s.perSeed = s.perSeed.map((row) => row.map((v) => v - 20));
      }
    }
    // and the intact sigmoid networks 10 points worse on the other data set
    for (const panel of other.fig1!.panels) {
      if (panel.kind !== 'curves' || panel.id !== 'a') continue;
      for (const s of panel.series) {
        s.mean = s.mean.map((v) => v - 10);
        s.perSeed = s.perSeed.map((row) => row.map((v) => v - 10));
      }
    }
    const { checks, accuracy } = carryOver(published, other);
    const differ = checks.filter((c) => !c.carries).map((c) => c.id);
    expect(differ).toContain(onlyFig6[0].id);
    // Fig. 1's shift moves only claims that read Fig. 1; none other than those and Fig. 6's
    const reading = new Set(
      [...CLAIMS, ...HYPOTHESES]
        .filter((c) => c.figures.some((f) => f === 'fig1' || f === 'fig6'))
        .map((c) => c.id),
    );
    for (const id of differ) expect(reading.has(id), id).toBe(true);
    const sigmoid = accuracy.find((a) => a.activation === 'sigmoid')!;
    expect(sigmoid.mnist!.mean - sigmoid.fashion!.mean).toBeCloseTo(10, 6);
    expect(sigmoid.mnist!.networks).toBe(published.fig1!.meta.seeds);
  });

  it('says a check turns over only between reproduced and not reproduced', () => {
    const { checks } = carryOver(published, {});
    // nothing on the other side: every check inconclusive there, none turned over
    expect(checks.every((c) => c.fashion.verdict === 'inconclusive')).toBe(true);
    expect(checks.some((c) => c.turnsOver)).toBe(false);
    expect(checks.filter((c) => !c.carries).length).toBe(
      checks.filter((c) => c.mnist.verdict !== 'inconclusive').length,
    );
  });

  it("reads the published Fashion-MNIST run's accuracy from its own Fig. 1 and Fig. 9", () => {
    if (Object.keys(fashionFigures).length === 0) return;
    const { accuracy } = carryOver(published, fashionFigures);
    for (const a of accuracy) {
      const own = fashionFigures[a.figure]!;
      expect(own.meta.dataset).toBe('fashion');
      const panel = own.panels.find((p) => p.id === 'a');
      const random =
        panel?.kind === 'curves' ? panel.series.find((x) => x.key === 'random-zero') : undefined;
      expect(a.fashion!.mean).toBeCloseTo(random!.mean[0], 4);
      expect(a.fashion!.networks).toBe(own.meta.seeds);
      // not MNIST's
      expect(Math.abs(a.fashion!.mean - a.mnist!.mean)).toBeGreaterThan(0);
    }
  });
});
