/**
 * Fig. 12, the paper's Section 7 Example 2 (docs/method.md §9): MI ranks two copies of one neuron
 * equally high, although the second adds nothing once the first is kept. The CMIM order (Fleuret
 * 2004; src/lib/redundancy.ts) discounts what the neurons kept so far already say about the class.
 * Each layer is ablated lowest first in that order, against low MI first and random; sigmoid with
 * bias balancing, ReLU ablated to zero, as in Fig. 10.
 */
import { ablationOrder } from '../../../src/lib/ranking';
import { cmimAblationOrder, pairwiseCounts } from '../../../src/lib/redundancy';
import type { NetworkAnalysis } from '../analysis';
import { CLASSES, HIDDEN } from '../model';
import {
  bothActivations,
  curve,
  layerAblation,
  oneBit,
  randomLayerOrder,
  type SeedContext,
  type SeedResult,
} from './shared';

/** The CMIM ablation order of one layer, from the pairwise counts of its one-bit outputs. */
export function cmimOrder(a: NetworkAnalysis, layer: 1 | 2): Int32Array {
  const samples = a.validationLabels.length;
  return cmimAblationOrder(
    pairwiseCounts(oneBit(a, layer), a.validationLabels, samples, HIDDEN, CLASSES),
  );
}

async function panel(a: NetworkAnalysis, layer: 1 | 2) {
  const balanced = a.activation === 'sigmoid';
  const lowMi = ablationOrder(a.measures[layer - 1].mutualInformation, 'low');
  return {
    cmim: await curve(a, layerAblation(a, layer, cmimOrder(a, layer), balanced)),
    mi: await curve(a, layerAblation(a, layer, lowMi, balanced)),
    random: await curve(a, layerAblation(a, layer, randomLayerOrder(a, layer), balanced)),
  };
}

export async function redundancyAware({
  analyses,
}: SeedContext<'fig12'>): Promise<SeedResult<'fig12'>> {
  return {
    curves: await bothActivations(analyses, 'Figure 12', panel),
    values: {},
    histograms: {},
    extras: {},
  };
}
