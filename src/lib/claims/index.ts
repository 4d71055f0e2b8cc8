/**
 * The paper's checkable claims C1-C27 (docs/method.md §7, docs/claims.md), each written once: what
 * the paper says (in our words), the predicate with its thresholds, and its evaluation on figure
 * data through the figure reader (reader.ts) and the verdict rule (verdict.ts).
 */
import type { FigureId } from '../figure-data';
import type { Claim, ClaimResult } from './define';
import { HYPOTHESES } from './hypotheses';
import { PRUNING_CLAIMS } from './pruning-and-relu';
import type { FigureSet } from './reader';
import { ABLATION_CLAIMS } from './sigmoid-ablation';
import { marginText } from './verdict';

export type { Claim, ClaimMeta, ClaimOutcome, ClaimResult, Strength } from './define';
export { type FigureReader, type FigureSet, figureReader, MissingData } from './reader';
export type { Estimate, Verdict } from './verdict';

export const CLAIMS: Claim[] = [...ABLATION_CLAIMS, ...PRUNING_CLAIMS];
export { HYPOTHESES };

/** Evaluates the claims (all, or those with the given ids, in catalog order). */
export function evaluateClaims(data: FigureSet, ids?: string[]): ClaimResult[] {
  return evaluate(CLAIMS, data, ids);
}

function evaluate(list: Claim[], data: FigureSet, ids?: string[]): ClaimResult[] {
  if (ids) {
    const unknown = ids.filter((id) => !list.some((c) => c.id === id));
    if (unknown.length > 0) throw new Error(`Unknown claim id(s): ${unknown.join(', ')}`);
  }
  return list
    .filter((c) => !ids || ids.includes(c.id))
    .map((c) => ({
      id: c.id,
      figures: c.figures,
      statement: c.statement,
      test: c.test,
      strength: c.strength,
      ...c.evaluate(data),
    }));
}

/** The claims that read a figure (cross-figure claims are listed under each of their figures). */
export function claimsForFigure(id: FigureId): Claim[] {
  return CLAIMS.filter((c) => c.figures.includes(id));
}

/** Evaluates our hypotheses H1... (all, or those with the given ids): never mixed with the claims. */
export function evaluateHypotheses(data: FigureSet, ids?: string[]): ClaimResult[] {
  return evaluate(HYPOTHESES, data, ids);
}

/** The hypotheses that read a figure. */
export function hypothesesForFigure(id: FigureId): Claim[] {
  return HYPOTHESES.filter((h) => h.figures.includes(id));
}

/** How a verdict reads on the page: a claim is reproduced or not, a hypothesis holds or not. */
/** The verdict in words with its margin in standard errors, e.g. "holds (+1.6 SE)". */
export function verdictWithMargin(
  outcome: Pick<ClaimResult, 'verdict' | 'margin'>,
  hypothesis: boolean,
): string {
  const words = verdictText(outcome.verdict, hypothesis);
  return outcome.margin === null ? words : `${words} (${marginText(outcome.margin)})`;
}

export function verdictText(verdict: ClaimResult['verdict'], hypothesis: boolean): string {
  if (!hypothesis) return verdict;
  return verdict === 'reproduced'
    ? 'holds'
    : verdict === 'not reproduced'
      ? 'does not hold'
      : verdict;
}
