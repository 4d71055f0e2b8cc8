/**
 * Verdict statistics of the claims and hypotheses (docs/claims.md): estimates with per-net values
 * and standard errors, their combination, the noise rule of one condition and the verdict of a
 * conjunction.
 *
 * Verdict rule:
 * - A claim is a conjunction of conditions "quantity op threshold". Each quantity is evaluated on
 *   the net-averaged data (the value) and on every net separately (per-seed values: the same
 *   quantity computed from that net's curve, medians or extras).
 * - A condition is within noise when at least 2 nets are available and the distance between its
 *   value and the threshold is smaller than one standard error of the mean of its per-seed values
 *   (sd / sqrt(nets)); with one net, the value alone decides.
 * - Verdict: 'not reproduced' if any condition clearly fails; otherwise 'inconclusive' if any is
 *   within noise or a needed figure/series is missing (or was run with the other activation);
 *   otherwise 'reproduced'.
 * - Derived quantities keep per-seed values where the nets are paired (same nets in both terms):
 *   differences are taken per net. |d| is linearized as sign(mean d) * d_s, so its per-seed mean
 *   equals |mean d| and its SE is that of d. Cross-activation comparisons (C20) are unpaired:
 *   their SE adds the terms' SEs in quadrature. Shares of nets (C3's sign rule) carry no SE.
 */
import { meanAndSe } from '../stats';

export type Verdict = 'reproduced' | 'not reproduced' | 'inconclusive';

/** A measured quantity: value on the net-averaged data, per-net values and their standard error. */
export interface Estimate {
  value: number;
  /** [seed]; null where the nets cannot be told apart (unpaired combinations). */
  perSeed: number[] | null;
  /** sd(perSeed) / sqrt(nets); null with fewer than 2 nets. */
  se: number | null;
}

export type Comparison = '>=' | '>' | '<=' | '<';
export type Unit = 'pts' | 'bits' | '';

/** One part of a claim's predicate: `estimate op threshold`. */
export interface Condition {
  key: string;
  label: string;
  estimate: Estimate;
  op: Comparison;
  threshold: number;
  unit: Unit;
}

export type ConditionStatus = 'pass' | 'fail' | 'noise';

/** An Estimate from a value and per-net values (SE from 2 nets on). */
export function estimate(value: number, perSeed: number[] | null): Estimate {
  if (!perSeed || perSeed.length === 0 || perSeed.some((v) => !Number.isFinite(v))) {
    return { value, perSeed: null, se: null };
  }
  return { value, perSeed, se: standardError(perSeed) };
}

/**
 * sum_i coef_i * term_i + constant. Paired (default): per-net values combine net by net when every
 * term has the same number of nets. Unpaired, or counts differ: SEs add in quadrature.
 */
export function combine(terms: Array<[number, Estimate]>, constant = 0, paired = true): Estimate {
  const value = terms.reduce((s, [c, e]) => s + c * e.value, constant);
  const n = terms[0]?.[1].perSeed?.length ?? 0;
  if (paired && n > 0 && terms.every(([, e]) => e.perSeed?.length === n)) {
    const perSeed = Array.from({ length: n }, (_, s) =>
      terms.reduce((sum, [c, e]) => sum + c * e.perSeed![s], constant),
    );
    return estimate(value, perSeed);
  }
  const se = terms.every(([, e]) => e.se !== null)
    ? Math.sqrt(terms.reduce((s, [c, e]) => s + (c * e.se!) ** 2, 0))
    : null;
  return { value, perSeed: null, se };
}

export const minus = (a: Estimate, b: Estimate, paired = true): Estimate =>
  combine(
    [
      [1, a],
      [-1, b],
    ],
    0,
    paired,
  );

/** |d|, linearized per net as sign(mean d) * d_s so its SE is that of d. */
export function absolute(d: Estimate): Estimate {
  const sign = d.value < 0 ? -1 : 1;
  return {
    value: Math.abs(d.value),
    perSeed: d.perSeed ? d.perSeed.map((v) => sign * v) : null,
    se: d.se,
  };
}

/** The noise rule of this file's header, for one condition. */
export function conditionStatus(c: Condition): ConditionStatus {
  const { value, se } = c.estimate;
  if (!Number.isFinite(value)) return 'noise';
  if (se !== null && Math.abs(value - c.threshold) < se) return 'noise';
  return compare(value, c.op, c.threshold) ? 'pass' : 'fail';
}

/**
 * How far a condition's value lies beyond its threshold, in standard errors: positive on the side
 * the condition asks for, negative on the other; null without an SE. The noise rule calls a
 * condition within noise when this is between -1 and +1 (docs/claims.md, "Margins").
 */
export function marginInSe(c: Condition): number | null {
  const { value, se } = c.estimate;
  if (se === null || !(se > 0) || !Number.isFinite(value)) return null;
  const beyond = c.op === '>=' || c.op === '>' ? value - c.threshold : c.threshold - value;
  return beyond / se;
}

/** A margin as the page shows it, e.g. "+1.6 SE", "−2.8 SE". */
export const marginText = (margin: number): string =>
  `${margin < 0 ? '−' : '+'}${Math.abs(margin).toFixed(1)} SE`;

/** Conjunction: a clear failure wins, then noise, else reproduced. */
export function combineStatuses(statuses: ConditionStatus[]): Verdict {
  if (statuses.includes('fail')) return 'not reproduced';
  if (statuses.includes('noise')) return 'inconclusive';
  return 'reproduced';
}

/** One condition as text, e.g. "random: AUC[0,100] BB - zero 4.20 pts, SE 0.31, margin +3.9 SE
 * (threshold >= 3)". */
export function formatCondition(c: Condition, status: ConditionStatus): string {
  const digits = c.unit === 'pts' ? 2 : 3;
  const unit = c.unit ? ` ${c.unit}` : '';
  const margin = marginInSe(c);
  const se =
    c.estimate.se !== null
      ? `, SE ${c.estimate.se.toFixed(digits)}${margin !== null ? `, margin ${marginText(margin)}` : ''}`
      : '';
  const tag = status === 'fail' ? ' - fails' : status === 'noise' ? ' - within noise' : '';
  return `${c.label} ${c.estimate.value.toFixed(digits)}${unit}${se} (threshold ${c.op} ${c.threshold})${tag}`;
}

function compare(value: number, op: Comparison, threshold: number): boolean {
  switch (op) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
  }
}

// Scalar mean and standard error over nets (stats.ts has pointwise curves, medians, AUC).
export function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

// Standard error of the mean (sample sd, n - 1); null below 2 values.
function standardError(values: number[]): number | null {
  return values.length < 2 ? null : meanAndSe(values).se;
}
