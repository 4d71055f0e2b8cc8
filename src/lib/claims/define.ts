/**
 * How a claim is written: its metadata, its conditions read through the figure reader, and the
 * verdict rule of verdict.ts; plus the small readings several claims share.
 */
import type { FigureId } from '../figure-data';
import type { PanelId, SeriesKey } from '../figures';
import { type FigureReader, type FigureSet, figureReader, MissingData } from './reader';
import {
  type Comparison,
  type Condition,
  combineStatuses,
  conditionStatus,
  type Estimate,
  formatCondition,
  marginInSe,
  minus,
  type Unit,
  type Verdict,
} from './verdict';

export type Strength = 'strong' | 'hedged';

/** What a claim is, independent of any data. */
export interface ClaimMeta {
  id: string;
  figures: FigureId[];
  /** What the paper claims, in our words, one sentence. */
  statement: string;
  /** The predicate in words, with its thresholds. */
  test: string;
  strength: Strength;
}

/** A claim's evaluation on one FigureSet. */
export interface ClaimOutcome {
  verdict: Verdict;
  /** Human-readable measured values, e.g. "random: AUC BB - zero 4.20 pts (threshold >= 3)". */
  measured: string;
  /** Each condition's value under its key, and `${key}.se` where a standard error exists. */
  values: Record<string, number>;
  /**
   * The smallest margin in standard errors over the conditions that have one (verdict.ts
   * `marginInSe`): how clearly the verdict holds, or fails, at its weakest condition. Null when no
   * condition has an SE.
   */
  margin: number | null;
}

export interface ClaimResult extends ClaimMeta, ClaimOutcome {}

export interface Claim extends ClaimMeta {
  evaluate(data: FigureSet): ClaimOutcome;
}

/** Wraps a claim's conditions into a Claim with the verdict rule of this file's header. */
export function defineClaim(
  meta: ClaimMeta,
  conditions: (read: FigureReader) => Condition[],
): Claim {
  return {
    ...meta,
    evaluate(data) {
      let list: Condition[];
      try {
        list = conditions(figureReader(data));
      } catch (error) {
        if (!(error instanceof MissingData)) throw error;
        return {
          verdict: 'inconclusive',
          measured: `missing: ${error.message}`,
          values: {},
          margin: null,
        };
      }
      const statuses = list.map(conditionStatus);
      const values: Record<string, number> = {};
      for (const c of list) {
        values[c.key] = c.estimate.value;
        if (c.estimate.se !== null) values[`${c.key}.se`] = c.estimate.se;
      }
      const margins = list.map(marginInSe).filter((m): m is number => m !== null);
      return {
        verdict: combineStatuses(statuses),
        measured: list.map((c, i) => formatCondition(c, statuses[i])).join('; '),
        values,
        margin: margins.length > 0 ? Math.min(...margins) : null,
      };
    },
  };
}

export const cond =
  (op: Comparison) =>
  (key: string, label: string, e: Estimate, threshold: number, unit: Unit = 'pts'): Condition => ({
    key,
    label,
    estimate: e,
    op,
    threshold,
    unit,
  });
export const atLeast = cond('>=');
export const above = cond('>');
export const atMost = cond('<=');
export const below = cond('<');

/** AUC(a) - AUC(b) on one panel of one figure, paired by net. */
export const aucGap = <F extends FigureId, P extends PanelId<F, 'curves'>>(
  r: FigureReader,
  id: F,
  panel: P,
  a: SeriesKey<F, P>,
  b: SeriesKey<F, P>,
  from: number,
  to: number,
): Estimate => minus(r.auc(id, panel, a, from, to), r.auc(id, panel, b, from, to));

/** Median of layer 2 minus median of layer 1 for one measure of Fig. 2 or Fig. 8. */
export const layerGap = (
  r: FigureReader,
  id: 'fig2' | 'fig8',
  panel: (typeof MEASURE_PANELS)[number][1],
  measure: (typeof MEASURE_PANELS)[number][0],
) => minus(r.median(id, panel, `layer2-${measure}`), r.median(id, panel, `layer1-${measure}`));

/** Share of nets whose per-net value is positive (no SE: it is itself a robustness rule). */
export const positiveShare = (e: Estimate): Estimate => {
  const perSeed = e.perSeed;
  if (!perSeed) throw new MissingData('per-net medians not available');
  return { value: perSeed.filter((v) => v > 0).length / perSeed.length, perSeed: null, se: null };
};

export const MEASURE_PANELS = [
  ['entropy', 'a', 'H'],
  ['mi', 'b', 'MI'],
  ['klsel', 'c', 'KLsel'],
] as const;
