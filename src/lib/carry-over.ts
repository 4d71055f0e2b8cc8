/**
 * What carries over from MNIST to Fashion-MNIST (#24, docs/method.md §12): every claim and
 * hypothesis evaluated, with the same code and thresholds, on each data set's own published run, and
 * the intact networks' test accuracy on each. Nothing here mixes the two: a verdict on Fashion-MNIST
 * reads Fashion-MNIST's figures only.
 */
import {
  CLAIMS,
  type ClaimResult,
  evaluateClaims,
  evaluateHypotheses,
  type FigureSet,
  figureReader,
  HYPOTHESES,
  MissingData,
} from './claims';
import type { FigureId } from './figure-data';

/** One check on both data sets. */
export interface CarriedCheck {
  id: string;
  hypothesis: boolean;
  mnist: ClaimResult;
  fashion: ClaimResult;
  /** Same verdict on both. */
  carries: boolean;
  /** Reproduced on one and not reproduced on the other (not only inconclusive on one). */
  turnsOver: boolean;
}

/** The intact networks' test accuracy (%), mean over networks with its SE, Fig. 1 (sigmoid) and
 * Fig. 9 (ReLU) at k = 0; null where the figure is missing. */
export interface IntactAccuracy {
  activation: 'sigmoid' | 'ReLU';
  figure: FigureId;
  mnist: { mean: number; se: number | null; networks: number } | null;
  fashion: { mean: number; se: number | null; networks: number } | null;
}

export interface CarryOver {
  checks: CarriedCheck[];
  accuracy: IntactAccuracy[];
}

const decided = (v: ClaimResult['verdict']) => v === 'reproduced' || v === 'not reproduced';

function intact(figures: FigureSet, figure: 'fig1' | 'fig9'): IntactAccuracy['mnist'] {
  try {
    const e = figureReader(figures).abar(figure, 'a', 'random-zero', 0);
    return { mean: e.value, se: e.se, networks: e.perSeed?.length ?? 0 };
  } catch (error) {
    if (error instanceof MissingData) return null;
    throw error;
  }
}

export function carryOver(mnist: FigureSet, fashion: FigureSet): CarryOver {
  const checks: CarriedCheck[] = [];
  for (const [list, hypothesis, evaluate] of [
    [CLAIMS, false, evaluateClaims],
    [HYPOTHESES, true, evaluateHypotheses],
  ] as const) {
    const onMnist = evaluate(mnist);
    const onFashion = evaluate(fashion);
    list.forEach((check, i) => {
      const [m, f] = [onMnist[i], onFashion[i]];
      checks.push({
        id: check.id,
        hypothesis,
        mnist: m,
        fashion: f,
        carries: m.verdict === f.verdict,
        turnsOver: decided(m.verdict) && decided(f.verdict) && m.verdict !== f.verdict,
      });
    });
  }
  const accuracy = (
    [
      ['sigmoid', 'fig1'],
      ['ReLU', 'fig9'],
    ] as const
  ).map(([activation, figure]) => ({
    activation,
    figure,
    mnist: intact(mnist, figure),
    fashion: intact(fashion, figure),
  }));
  return { checks, accuracy };
}
