/**
 * Fig. 5 (docs/method.md §6): one layer-1 neuron pruned for every two layer-2 neurons, k1 = 0..50:
 * the hybrid scheme (low MI in layer 1, low KL selectivity in layer 2), MI in both layers, and the
 * data-free merging of [22] with and without surgery.
 */
import type { MeasureName } from '../../../src/lib/measures';
import { ablationOrder } from '../../../src/lib/ranking';
import { ablationSteps, type CurvePlan, type RankOneStep } from '../ablation';
import type { NetworkAnalysis } from '../analysis';
import { HIDDEN } from '../model';
import { curve, merges, only, outgoing, range, type SeedContext, type SeedResult } from './shared';

const LEVELS = HIDDEN / 2 + 1;
/** Neurons pruned in total at level k1: k1 in layer 1 and 2 k1 in layer 2. */
const X = range(LEVELS).map((k1) => 3 * k1);

function split(first: RankOneStep[], second: RankOneStep[]): CurvePlan {
  return {
    levels: LEVELS,
    layer1: { steps: first, applied: Int32Array.from(range(LEVELS)) },
    // [22] can merge at most n - 1 neurons of a layer: its last level keeps one
    layer2: {
      steps: second,
      applied: Int32Array.from(range(LEVELS), (k1) => Math.min(2 * k1, second.length)),
    },
  };
}

/** One layer's neurons ablated lowest `measure` first, to the means (eq. 7) or to zero. */
export function measureSteps(
  a: NetworkAnalysis,
  layer: 1 | 2,
  measure: MeasureName,
  balanced: boolean,
) {
  const { weights, width } = outgoing(a, layer);
  const order = ablationOrder(a.measures[layer - 1][measure], 'low');
  return ablationSteps(order, balanced ? a.means[layer - 1] : null, weights, width);
}

const hybrid = (a: NetworkAnalysis, balanced: boolean) =>
  curve(
    a,
    split(
      measureSteps(a, 1, 'mutualInformation', balanced),
      measureSteps(a, 2, 'klSelectivity', balanced),
    ),
    X,
  );
const miOnly = (a: NetworkAnalysis, balanced: boolean) =>
  curve(
    a,
    split(
      measureSteps(a, 1, 'mutualInformation', balanced),
      measureSteps(a, 2, 'mutualInformation', balanced),
    ),
    X,
  );
const merged = (a: NetworkAnalysis, surgery: boolean) =>
  curve(a, split(merges(a, 1, surgery), merges(a, 2, surgery)), X);

export async function hybridPruning({
  analyses,
}: SeedContext<'fig5'>): Promise<SeedResult<'fig5'>> {
  const a = only(analyses);
  return {
    curves: {
      a: {
        'hybrid-bb': await hybrid(a, true),
        'hybrid-zero': await hybrid(a, false),
        'mi-bb': await miOnly(a, true),
        'mi-zero': await miOnly(a, false),
        'merge-surgery': await merged(a, true),
        'merge-no-surgery': await merged(a, false),
      },
    },
    values: {},
    histograms: {},
    extras: {},
  };
}
