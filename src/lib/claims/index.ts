/**
 * The paper's checkable claims C1-C27 (docs/method.md §7, docs/claims.md), each written once: what
 * the paper says (in our words), the predicate with its thresholds, and its evaluation on figure
 * data through the figure reader (reader.ts) and the verdict rule (verdict.ts).
 */
import type { FigureId } from '../figure-data';
import type { Claim, ClaimResult } from './define';
import { PRUNING_CLAIMS } from './pruning-and-relu';
import type { FigureSet } from './reader';
import { ABLATION_CLAIMS } from './sigmoid-ablation';

export type { Claim, ClaimMeta, ClaimOutcome, ClaimResult, Strength } from './define';
export { type FigureReader, type FigureSet, figureReader, MissingData } from './reader';
export type { Estimate, Verdict } from './verdict';

export const CLAIMS: Claim[] = [...ABLATION_CLAIMS, ...PRUNING_CLAIMS];

/** Evaluates the claims (all, or those with the given ids, in catalog order). */
export function evaluateClaims(data: FigureSet, ids?: string[]): ClaimResult[] {
  if (ids) {
    const unknown = ids.filter((id) => !CLAIMS.some((c) => c.id === id));
    if (unknown.length > 0) throw new Error(`Unknown claim id(s): ${unknown.join(', ')}`);
  }
  return CLAIMS.filter((c) => !ids || ids.includes(c.id)).map((c) => ({
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
