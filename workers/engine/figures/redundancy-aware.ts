/**
 * Fig. 12, the paper's Section 7 Example 2 (docs/method.md §9): MI ranks two copies of one neuron
 * equally high, although the second adds nothing once the first is kept. Two greedy orders
 * (src/lib/redundancy.ts) account for what the neurons kept so far already say about the class:
 * CMIM (Fleuret 2004) by a candidate's least new information given any one kept neuron, JMI (Yang
 * & Moody 1999) by the sum of what it says jointly with each. Each layer is ablated lowest first in
 * each order, against low MI first and random; sigmoid with bias balancing, ReLU ablated to zero,
 * as in Fig. 10.
 */
import { ablationOrder } from '../../../src/lib/ranking';
import { cmimAblationOrder, jmiAblationOrder, pairwiseCounts } from '../../../src/lib/redundancy';
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

/** The pairwise counts of one layer's one-bit outputs, which both orders read. */
const layerPairs = (a: NetworkAnalysis, layer: 1 | 2) =>
  pairwiseCounts(oneBit(a, layer), a.validationLabels, a.validationLabels.length, HIDDEN, CLASSES);

async function panel(a: NetworkAnalysis, layer: 1 | 2) {
  const balanced = a.activation === 'sigmoid';
  const lowMi = ablationOrder(a.measures[layer - 1].mutualInformation, 'low');
  const pairs = layerPairs(a, layer);
  return {
    cmim: await curve(a, layerAblation(a, layer, cmimAblationOrder(pairs), balanced)),
    jmi: await curve(a, layerAblation(a, layer, jmiAblationOrder(pairs), balanced)),
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
